/// Why an uplink payload could not be read as a DJI message at all. Only raised when the bytes are not a JSON
/// object; every field-level oddity inside an object is tolerated by `DJIEnvelope` instead.
public struct DJIDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was wrong, for logs: "empty payload", "not valid UTF-8", "not JSON", "not a JSON object (…)".
    public var reason: String

    public init(reason: String) {
        self.reason = reason
    }

    public var description: String { "not a DJI message: \(reason)" }
}
