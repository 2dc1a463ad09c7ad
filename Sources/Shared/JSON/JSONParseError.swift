/// Why bytes are not JSON, and where: the byte offset at which the parser gave up.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public var reason: String
    public var offset: Int

    public init(reason: String, offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    public var description: String { "not JSON: \(reason) at byte \(offset)" }
}
