/// How a command ended: the terminal status and the fields API.md §3 shows with it.
public struct CommandOutcome: Sendable, Hashable {
    public var status: CommandStatus
    /// `data.code` when present, else `data.result`, as text; nil when no reply said it.
    public var responseCode: String?
    /// The device's message (`data.message`, `msg` or `description`), or the platform's explanation of a timeout,
    /// a mismatch or a failed publish.
    public var responseMessage: String?
    /// The reply's `data` kept whole; nil when the command did not end by a reply.
    public var vendorResponse: JSONValue?

    public init(
        status: CommandStatus, responseCode: String? = nil, responseMessage: String? = nil,
        vendorResponse: JSONValue? = nil
    ) {
        self.status = status
        self.responseCode = responseCode
        self.responseMessage = responseMessage
        self.vendorResponse = vendorResponse
    }
}
