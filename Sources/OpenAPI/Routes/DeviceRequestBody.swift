import Foundation
import Shared

/// A device request as API.md §4 shows it. The platform's own secrets in what it answered by itself (the DJI
/// app key and license, the object storage secret) are masked: they belong to the platform, not to the tenant.
struct DeviceRequestBody: Encodable, Sendable {
    var requestID: String
    var vendor: String
    var deviceID: String
    var requestType: String
    var inboundPayload: JSONValue
    var routingDecision: String
    var replyCode: String
    var replyMessage: String?
    var replySource: String
    var standardizedReply: JSONValue
    var receivedAt: String
    var repliedAt: String?
    var updatedAt: String

    init(_ record: DeviceRequestRecord) throws {
        requestID = record.requestID.uuidString.lowercased()
        vendor = record.vendor
        deviceID = record.deviceSN
        requestType = record.requestType
        inboundPayload = try record.inboundPayload.decode(JSONValue.self)
        routingDecision = record.routingDecision
        replyCode = record.replyCode
        replyMessage = record.replyMessage
        replySource = record.replySource
        let reply = try record.standardizedReply.decode(JSONValue.self)
        standardizedReply =
            record.replySource == RequestReplySource.auto.rawValue ? PlatformReplies.maskingSecrets(reply) : reply
        receivedAt = RFC3339.string(record.receivedAt)
        repliedAt = record.repliedAt.map(RFC3339.string)
        updatedAt = RFC3339.string(record.updatedAt)
    }

    enum CodingKeys: String, CodingKey {
        case vendor
        case requestID = "request_id"
        case deviceID = "device_id"
        case requestType = "request_type"
        case inboundPayload = "inbound_payload"
        case routingDecision = "routing_decision"
        case replyCode = "reply_code"
        case replyMessage = "reply_message"
        case replySource = "reply_source"
        case standardizedReply = "standardized_reply"
        case receivedAt = "received_at"
        case repliedAt = "replied_at"
        case updatedAt = "updated_at"
    }

    /// Nulls are written out (`"replied_at": null`), as API.md's example shows them.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(requestID, forKey: .requestID)
        try container.encode(vendor, forKey: .vendor)
        try container.encode(deviceID, forKey: .deviceID)
        try container.encode(requestType, forKey: .requestType)
        try container.encode(inboundPayload, forKey: .inboundPayload)
        try container.encode(routingDecision, forKey: .routingDecision)
        try container.encode(replyCode, forKey: .replyCode)
        try container.encode(replyMessage, forKey: .replyMessage)
        try container.encode(replySource, forKey: .replySource)
        try container.encode(standardizedReply, forKey: .standardizedReply)
        try container.encode(receivedAt, forKey: .receivedAt)
        try container.encode(repliedAt, forKey: .repliedAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }
}

typealias DeviceRequestList = Page<DeviceRequestBody>
