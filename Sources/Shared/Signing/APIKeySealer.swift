import Crypto
import Foundation

/// Encrypts api keys for storage so that a database dump alone does not hand out working keys.
///
/// The server must recompute each request's HMAC, so it needs the api key itself, not a hash of it: keys are
/// stored encrypted under a master key that lives only in the API process's environment.
///
/// Sealed format, version 1: `0x01 ‖ nonce (12) ‖ ciphertext ‖ tag (16)`, AES-256-GCM with a random nonce per
/// seal. The authenticated data is the version byte followed by the api id's UTF-8 bytes, so a sealed key copied
/// onto another client row, or relabelled with another version, fails to open. A later scheme gets a new first
/// byte and `open` can keep reading version 1 while keys are re-sealed.
public struct APIKeySealer: Sendable {
    /// The scheme `seal` writes.
    public static let currentVersion: UInt8 = 1
    /// The master key size: AES-256.
    public static let masterKeyByteCount = 32
    /// The shortest possible version 1 value (an empty api key): version byte, nonce, tag.
    public static let minimumSealedLength = 1 + 12 + 16

    /// The key's bytes rather than a `SymmetricKey`: swift-crypto 3.12 does not declare `SymmetricKey` `Sendable`,
    /// and rebuilding one per call costs a 32-byte copy, cheaper than an `@unchecked` claim about its internals.
    private let masterKeyBytes: [UInt8]

    private var masterKey: SymmetricKey { SymmetricKey(data: masterKeyBytes) }

    /// - Throws: `masterKeyWrongLength` unless `masterKey` is 256 bits.
    public init(masterKey: SymmetricKey) throws(APIKeySealerError) {
        guard masterKey.bitCount == Self.masterKeyByteCount * 8 else {
            throw .masterKeyWrongLength(byteCount: masterKey.bitCount / 8)
        }
        self.masterKeyBytes = masterKey.withUnsafeBytes { Array($0) }
    }

    /// Reads the master key from its environment form: standard base64 (with padding) of exactly 32 bytes.
    /// Surrounding whitespace, such as the newline of a value read from a file, is ignored.
    public init(base64MasterKey: String) throws(APIKeySealerError) {
        let text = base64MasterKey.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let bytes = Data(base64Encoded: text) else {
            throw .masterKeyNotBase64
        }
        guard bytes.count == Self.masterKeyByteCount else {
            throw .masterKeyWrongLength(byteCount: bytes.count)
        }
        try self.init(masterKey: SymmetricKey(data: bytes))
    }

    /// A new master key for the operator, in the form `init(base64MasterKey:)` reads (44 characters).
    public static func generateMasterKey() -> String {
        Data(SecureRandom.bytes(masterKeyByteCount)).base64EncodedString()
    }

    /// Encrypts `apiKey` for the client row whose id is `apiID`; the result differs on every call.
    public func seal(apiKey: String, apiID: String) throws(APIKeySealerError) -> [UInt8] {
        let box: AES.GCM.SealedBox
        do {
            box = try AES.GCM.seal(
                Array(apiKey.utf8),
                using: masterKey,
                authenticating: Self.authenticatedData(version: Self.currentVersion, apiID: apiID)
            )
        } catch {
            throw .sealingFailed(String(describing: error))
        }
        // `combined` is nil only for nonces other than 12 bytes; `seal` above chose the default 12-byte nonce.
        guard let combined = box.combined else {
            throw .sealingFailed("AES-GCM produced no combined representation")
        }
        return [Self.currentVersion] + Array(combined)
    }

    /// Decrypts a value `seal` produced for the same `apiID` under the same master key.
    public func open(_ sealed: [UInt8], apiID: String) throws(APIKeySealerError) -> String {
        guard sealed.count >= Self.minimumSealedLength else {
            throw .sealedKeyTooShort(byteCount: sealed.count)
        }
        let version = sealed[0]
        guard version == Self.currentVersion else {
            throw .unsupportedVersion(version)
        }
        let plaintext: Data
        do {
            let box = try AES.GCM.SealedBox(combined: sealed.dropFirst())
            plaintext = try AES.GCM.open(
                box,
                using: masterKey,
                authenticating: Self.authenticatedData(version: version, apiID: apiID)
            )
        } catch {
            throw .authenticationFailed
        }
        guard let apiKey = String(bytes: plaintext, encoding: .utf8) else {
            throw .apiKeyNotUTF8
        }
        return apiKey
    }

    private static func authenticatedData(version: UInt8, apiID: String) -> [UInt8] {
        [version] + Array(apiID.utf8)
    }
}
