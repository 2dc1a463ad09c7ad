/// Random bytes for secrets (api keys, api ids, nonces, master keys).
enum SecureRandom {
    /// `count` bytes from the system CSPRNG.
    ///
    /// `SystemRandomNumberGenerator` is documented as "cryptographically secure whenever possible". On Linux the
    /// standard library's `swift_stdlib_random` reads `getrandom(2)` (the kernel CSPRNG), falls back to
    /// `/dev/urandom`, and calls `fatalError` if neither works: there is no silent fallback to a predictable
    /// generator, so the bytes are fit for secrets.
    static func bytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        var out: [UInt8] = []
        out.reserveCapacity(count)
        while out.count < count {
            let word = generator.next()
            for shift in stride(from: 0, to: 64, by: 8) where out.count < count {
                out.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
            }
        }
        return out
    }
}
