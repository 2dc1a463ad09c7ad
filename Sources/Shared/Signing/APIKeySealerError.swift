/// Why a master key could not be read or a sealed api key could not be opened.
public enum APIKeySealerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The master key text is not standard base64.
    case masterKeyNotBase64
    /// The master key decodes to this many bytes instead of 32.
    case masterKeyWrongLength(byteCount: Int)
    /// The sealed value is shorter than a version byte, an AES-GCM nonce and a tag.
    case sealedKeyTooShort(byteCount: Int)
    /// The sealed value starts with a scheme version this build does not know.
    case unsupportedVersion(UInt8)
    /// AES-GCM authentication failed: a different master key, a sealed key copied from another client row
    /// (api id mismatch), or altered bytes. The three are indistinguishable by design.
    case authenticationFailed
    /// The opened bytes are not UTF-8 text (cannot happen for a value this type sealed).
    case apiKeyNotUTF8
    /// Encryption itself failed; carries the Crypto library's error text.
    case sealingFailed(String)

    public var description: String {
        switch self {
        case .masterKeyNotBase64:
            return "the API key master key is not valid base64; generate one with APIKeySealer.generateMasterKey()"
        case .masterKeyWrongLength(let byteCount):
            return "the API key master key must be base64 of exactly 32 bytes, it decodes to \(byteCount) bytes"
        case .sealedKeyTooShort(let byteCount):
            return "a sealed API key must be at least \(APIKeySealer.minimumSealedLength) bytes, got \(byteCount)"
        case .unsupportedVersion(let version):
            return "the sealed API key uses scheme version \(version), which this build cannot open"
        case .authenticationFailed:
            return "the sealed API key does not open: wrong master key, a key copied from another API client, "
                + "or altered data"
        case .apiKeyNotUTF8:
            return "the opened API key is not UTF-8 text"
        case .sealingFailed(let reason):
            return "sealing the API key failed: \(reason)"
        }
    }
}
