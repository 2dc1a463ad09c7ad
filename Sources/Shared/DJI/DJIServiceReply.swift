/// A `services_reply` read for correlation with the command that caused it (reference §4.1; API.md §3 "Reply
/// mapping").
public struct DJIServiceReply: Sendable, Hashable {
    /// The command's transaction id, which the device echoes; the correlation key.
    public var tid: String
    public var bid: String?
    public var method: String?
    /// Set when the device names its gateway; `services_reply` carries it only sometimes (reference §3).
    public var gateway: String?
    public var timestamp: Int64?
    /// `data.result`, read leniently (`0`, `"0"`, `0.0`): 0 means success or accepted, anything else is a DJI
    /// error code (reference §14).
    public var result: Int64?
    /// `data.code` when present, else `data.result`, as text (API.md `response_code`).
    public var responseCode: String?
    /// The first string among `data.message`, `data.msg`, `data.description` (API.md `response_message`).
    public var message: String?
    /// `data` kept whole (`result`, `output`, and the keys some methods put directly in `data`, such as
    /// `fileupload_list`'s `files`), for API.md `vendor_response`.
    public var vendorResponse: JSONValue
    /// `data.output.status` of job-type services (`sent`, `in_progress`, …), with the demo's legacy alias
    /// `data.info.status`.
    public var outputStatus: String?

    /// Nil when the reply has no `tid` (nothing to correlate with) or its `data` is not an object.
    public init?(envelope: DJIEnvelope) {
        guard let tid = envelope.tid, case .object(let data) = envelope.data else { return nil }
        self.tid = tid
        bid = envelope.bid
        method = envelope.method
        gateway = envelope.gateway
        timestamp = envelope.timestamp
        result = DJILenient.int64(data["result"])
        responseCode = DJILenient.string(data["code"]) ?? DJILenient.string(data["result"])
        message = ["message", "msg", "description"].lazy.compactMap { data[$0]?.stringValue }.first
        vendorResponse = envelope.data
        outputStatus = DJILenient.string(data["output"]?["status"] ?? data["info"]?["status"])
    }

    /// True when `result` is 0. A reply without a readable `result` is not a success: the command must not be
    /// reported as done on a reply that does not say so.
    public var isSuccess: Bool { result == 0 }
}
