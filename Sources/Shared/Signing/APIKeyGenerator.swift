/// New API client credentials, drawn from the system CSPRNG (see `SecureRandom`).
public enum APIKeyGenerator {
    /// Random bytes in an api key: 256 bits, the size of the HMAC-SHA256 key that uses it.
    public static let apiKeyByteCount = 32
    /// An api key is `apiKeyByteCount` bytes as base64url without padding (RFC 4648 §5): 43 characters of
    /// `[A-Za-z0-9_-]`, safe in environment variables and shell arguments without quoting.
    public static let apiKeyLength = 43

    /// Api ids start with this so they are recognisable in logs and support requests (and never mistaken
    /// for a key).
    public static let apiIDPrefix = "ak_"
    /// Random bytes in an api id: 96 bits, enough that ids never collide; an id is not a secret.
    public static let apiIDByteCount = 12
    /// `ak_` plus 24 lowercase hex characters.
    public static let apiIDLength = 27

    /// A new secret api key (shown once to the operator, stored only sealed).
    public static func generateAPIKey() -> String {
        ByteEncoding.base64URLWithoutPadding(SecureRandom.bytes(apiKeyByteCount))
    }

    /// A new api id, e.g. `ak_3f9c0a6e51d2b7c48e0f1a2b`.
    public static func generateAPIID() -> String {
        apiIDPrefix + ByteEncoding.lowercaseHex(SecureRandom.bytes(apiIDByteCount))
    }
}
