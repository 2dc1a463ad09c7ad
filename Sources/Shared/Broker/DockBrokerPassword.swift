/// Passwords for dock broker accounts.
///
/// An installer types the password into DJI Pilot 2 on a tablet, so it uses an alphabet without look-alikes
/// (no `0`/`o`, `1`/`l`/`i`): 31 symbols, 24 characters ≈ 119 bits from the system's CSPRNG
/// (`SystemRandomNumberGenerator` reads `getrandom(2)` on Linux), enough that guessing over the network is
/// hopeless. The broker stores only a salted PBKDF2 hash; dockgate stores nothing.
public enum DockBrokerPassword {
    static let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
    public static let length = 24

    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return generate(using: &generator)
    }

    /// Draws each character uniformly (`randomElement` rejects biased draws).
    public static func generate(using generator: inout some RandomNumberGenerator) -> String {
        String((0..<length).map { _ in alphabet.randomElement(using: &generator) ?? "a" })
    }
}
