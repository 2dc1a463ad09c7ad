/// The `X-Api-Nonce` header value of API.md §1: 8–128 characters of `[A-Za-z0-9._-]`.
public enum Nonce {
    /// The allowed lengths, in characters (all allowed characters are one UTF-8 byte).
    public static let allowedLength = 8...128

    /// Whether `nonce` has the form API.md §1 requires.
    public static func isWellFormed(_ nonce: String) -> Bool {
        allowedLength.contains(nonce.utf8.count) && nonce.utf8.allSatisfy(isAllowed)
    }

    /// A fresh nonce: 16 bytes (128 bits) from the system CSPRNG as 32 lowercase hex characters, so two
    /// requests of one client do not collide within the 900 s replay window.
    public static func random() -> String {
        ByteEncoding.lowercaseHex(SecureRandom.bytes(16))
    }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }
}
