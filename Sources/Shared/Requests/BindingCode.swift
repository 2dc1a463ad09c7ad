/// Binding codes: what the person installing a dock types into DJI Pilot 2, next to the organization id, so
/// the dock binds to the tenant that issued the code (API.md §5 `POST /binding-codes`).
public enum BindingCode {
    /// Unambiguous when read aloud or from a screen: no 0/O, 1/I/L.
    static let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")
    /// 10 characters of a 31-letter alphabet: about 49 bits, guessed only by a device that can already reach
    /// the broker, and valid for at most 30 days.
    public static let length = 10

    /// A new random code from the system CSPRNG.
    public static func generate() -> String {
        // Rejection sampling keeps every letter equally likely: 248 is the largest multiple of 31 below 256.
        var letters: [Character] = []
        while letters.count < length {
            for byte in SecureRandom.bytes(length * 2) where byte < 248 && letters.count < length {
                letters.append(alphabet[Int(byte) % alphabet.count])
            }
        }
        return String(letters)
    }

    /// Default, shortest and longest lifetime of a code in seconds (API.md §5: 7 days, 1 hour, 30 days).
    public static let defaultTTLSeconds = 604_800
    public static let ttlRange = 3600...2_592_000
}
