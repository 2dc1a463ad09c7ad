import Foundation

/// A `device_requests` row as the API and operators read it.
public struct DeviceRequestRecord: Sendable, Hashable {
    public var requestID: UUID
    public var vendor: String
    public var deviceSN: String
    public var gatewaySN: String?
    public var tenantID: UUID?
    public var requestType: String
    public var tid: String?
    public var bid: String?
    public var inboundPayload: PostgresJSON
    public var routingDecision: String
    public var replySource: String
    public var replyCode: String
    public var replyMessage: String?
    public var standardizedReply: PostgresJSON
    public var receivedAt: Date
    public var expiresAt: Date?
    public var repliedAt: Date?
    public var updatedAt: Date
    /// The position of the row in newest-first order, for the next page's cursor.
    public var cursor: DeviceRequestCursor

    public init(row: PostgresRow) throws {
        requestID = try row.decode(UUID.self, column: "request_id")
        vendor = try row.decode(String.self, column: "vendor")
        deviceSN = try row.decode(String.self, column: "device_sn")
        gatewaySN = try row.decode(String?.self, column: "gateway_sn")
        tenantID = try row.decode(UUID?.self, column: "tenant_id")
        requestType = try row.decode(String.self, column: "request_type")
        tid = try row.decode(String?.self, column: "tid")
        bid = try row.decode(String?.self, column: "bid")
        inboundPayload = try row.decode(PostgresJSON.self, column: "inbound_payload")
        routingDecision = try row.decode(String.self, column: "routing_decision")
        replySource = try row.decode(String.self, column: "reply_source")
        replyCode = try row.decode(String.self, column: "reply_code")
        replyMessage = try row.decode(String?.self, column: "reply_message")
        standardizedReply = try row.decode(PostgresJSON.self, column: "standardized_reply")
        receivedAt = try row.decode(Date.self, column: "received_at")
        expiresAt = try row.decode(Date?.self, column: "expires_at")
        repliedAt = try row.decode(Date?.self, column: "replied_at")
        updatedAt = try row.decode(Date.self, column: "updated_at")
        cursor = DeviceRequestCursor(
            receivedMicroseconds: try row.decode(Int64.self, column: "received_us"), requestID: requestID)
    }
}

/// Where a newest-first page of requests ends: `received_at` in whole microseconds (PostgreSQL's precision, so
/// the position is exact) and the id that breaks ties. Its text form is what the API wraps into an opaque cursor.
public struct DeviceRequestCursor: Sendable, Hashable {
    public var receivedMicroseconds: Int64
    public var requestID: UUID

    public init(receivedMicroseconds: Int64, requestID: UUID) {
        self.receivedMicroseconds = receivedMicroseconds
        self.requestID = requestID
    }

    /// `<microseconds>_<uuid>`, or nil for text that is not one.
    public init?(text: String) {
        let parts = text.split(separator: "_")
        guard parts.count == 2, let micros = Int64(parts[0]), let id = UUID(uuidString: String(parts[1])) else {
            return nil
        }
        self.init(receivedMicroseconds: micros, requestID: id)
    }

    public var text: String { "\(receivedMicroseconds)_\(requestID.uuidString.lowercased())" }
}

/// A queued reply the bridge claimed for publishing (``DeviceRequestQueries/claimQueued(bridgeID:at:limit:)``).
public struct ClaimedReply: Sendable, Hashable {
    public var requestID: UUID
    public var deviceSN: String
    public var gatewaySN: String?
    /// The request message, whose tid, bid and method the reply echoes.
    public var inboundPayload: PostgresJSON
    /// The data the integrator gave.
    public var data: PostgresJSON

    public init(row: PostgresRow) throws {
        requestID = try row.decode(UUID.self, column: "request_id")
        deviceSN = try row.decode(String.self, column: "device_sn")
        gatewaySN = try row.decode(String?.self, column: "gateway_sn")
        inboundPayload = try row.decode(PostgresJSON.self, column: "inbound_payload")
        data = try row.decode(PostgresJSON.self, column: "queued_reply_data")
    }
}
