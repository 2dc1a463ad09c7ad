import Foundation

/// A request as the bridge stores it (``DeviceRequestQueries/insert(_:)``).
public struct NewDeviceRequest: Sendable, Hashable {
    /// Chosen by the bridge when the message arrives, so a retried insert stores the request once.
    public var requestID: UUID
    /// The SN of the topic: the gateway for `requests` and `status`.
    public var deviceSN: String
    /// The envelope's `gateway`, or the topic's SN when the message has none.
    public var gatewaySN: String?
    /// The method (`config`, `update_topo`, ...).
    public var requestType: String
    public var tid: String?
    public var bid: String?
    /// The message exactly as received.
    public var inboundPayload: JSONValue
    public var decision: RoutingDecision
    public var replyCode: RequestReplyCode
    public var replyMessage: String?
    /// The reply as published; nil until there is one.
    public var standardizedReply: JSONValue?
    public var receivedAt: Date
    /// When a pending request expires; nil for answered ones.
    public var expiresAt: Date?
    public var repliedAt: Date?

    public init(
        requestID: UUID = UUID(),
        deviceSN: String,
        gatewaySN: String?,
        requestType: String,
        tid: String?,
        bid: String?,
        inboundPayload: JSONValue,
        decision: RoutingDecision,
        replyCode: RequestReplyCode,
        replyMessage: String?,
        standardizedReply: JSONValue?,
        receivedAt: Date,
        expiresAt: Date?,
        repliedAt: Date?
    ) {
        self.requestID = requestID
        self.deviceSN = deviceSN
        self.gatewaySN = gatewaySN
        self.requestType = requestType
        self.tid = tid
        self.bid = bid
        self.inboundPayload = inboundPayload
        self.decision = decision
        self.replyCode = replyCode
        self.replyMessage = replyMessage
        self.standardizedReply = standardizedReply
        self.receivedAt = receivedAt
        self.expiresAt = expiresAt
        self.repliedAt = repliedAt
    }
}

extension NewDeviceRequest {
    /// The request with U+0000 replaced in every text and JSON value: PostgreSQL's `text` and `jsonb` refuse
    /// it, and a dock's message must be stored even if it carries one. The stored copy differs from what was
    /// received or published only there.
    public var storable: NewDeviceRequest {
        var request = self
        request.deviceSN = deviceSN.replacingNUL
        request.gatewaySN = gatewaySN?.replacingNUL
        request.requestType = requestType.replacingNUL
        request.tid = tid?.replacingNUL
        request.bid = bid?.replacingNUL
        request.inboundPayload = inboundPayload.replacingNUL
        request.replyMessage = replyMessage?.replacingNUL
        request.standardizedReply = standardizedReply?.replacingNUL
        return request
    }
}
