import Foundation
import Shared

/// `POST /downlink/commands`'s answer, 201 and on an idempotent replay (API.md §3).
struct CommandCreatedBody: Encodable, Sendable {
    var commandID: String
    /// Always `ACCEPTED`: a replay answers the original create response, not the command's state now.
    var status = CommandStatus.accepted.rawValue
    var acceptedAt: String

    init(_ record: DownlinkCommandRecord) {
        commandID = NotificationChannel.payload(record.id)
        acceptedAt = RFC3339.string(record.acceptedAt)
    }

    enum CodingKeys: String, CodingKey {
        case status
        case commandID = "command_id"
        case acceptedAt = "accepted_at"
    }
}

/// A command as `GET /downlink/commands/{command_id}` and the list show it (API.md §3), nulls written out.
struct CommandBody: Encodable, Sendable {
    var record: DownlinkCommandRecord

    enum CodingKeys: String, CodingKey {
        case status, vendor, payload, progress
        case commandID = "command_id"
        case deviceID = "device_id"
        case commandType = "command_type"
        case idempotencyKey = "idempotency_key"
        case acceptedAt = "accepted_at"
        case deliveredAt = "delivered_at"
        case completedAt = "completed_at"
        case deadlineAt = "deadline_at"
        case responseCode = "response_code"
        case responseMessage = "response_message"
        case vendorResponse = "vendor_response"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(NotificationChannel.payload(record.id), forKey: .commandID)
        try container.encode(record.status.rawValue, forKey: .status)
        try container.encode(record.vendor, forKey: .vendor)
        try container.encode(record.deviceSN, forKey: .deviceID)
        try container.encode(record.method, forKey: .commandType)
        try container.encode(record.payload, forKey: .payload)
        try container.encode(record.idempotencyKey, forKey: .idempotencyKey)
        try container.encode(RFC3339.string(record.acceptedAt), forKey: .acceptedAt)
        try container.encode(record.deliveredAt.map(RFC3339.string), forKey: .deliveredAt)
        try container.encode(record.completedAt.map(RFC3339.string), forKey: .completedAt)
        try container.encode(RFC3339.string(record.deadlineAt), forKey: .deadlineAt)
        try container.encode(record.responseCode, forKey: .responseCode)
        try container.encode(record.responseMessage, forKey: .responseMessage)
        try container.encode(record.vendorResponse ?? .null, forKey: .vendorResponse)
        try container.encode(record.progress ?? .null, forKey: .progress)
    }
}

typealias CommandList = Page<CommandBody>
