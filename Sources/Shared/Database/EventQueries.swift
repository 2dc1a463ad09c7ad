import Foundation

/// SQL of the device event feed (API.md §5).
public enum EventQueries {
    /// A tenant's events after `afterID`, in arrival order; nil filters match everything.
    public static func feed(tenantID: UUID, afterID: Int64, deviceSN: String?, method: String?, limit: Int)
        -> PostgresQuery
    {
        """
        SELECT e.id, e.event_id, e.device_sn, e.gateway_sn, e.method, e.bid, e.tid, e.need_reply, e.data, e.received_at
        FROM device_events e JOIN devices d ON d.sn = e.device_sn
        WHERE d.tenant_id = \(tenantID) AND e.id > \(afterID)
          AND (\(deviceSN)::text IS NULL OR e.device_sn = \(deviceSN)::text)
          AND (\(method)::text IS NULL OR e.method = \(method)::text)
        ORDER BY e.id
        LIMIT \(limit)
        """
    }
}

/// A stored device event.
public struct DeviceEventRecord: Sendable, Hashable {
    public var id: Int64
    public var eventID: UUID
    public var deviceSN: String
    public var gatewaySN: String?
    public var method: String
    public var bid: String?
    public var tid: String?
    public var needReply: Bool
    public var data: PostgresJSON
    public var receivedAt: Date

    public init(row: PostgresRow) throws {
        id = try row.decode(Int64.self, column: "id")
        eventID = try row.decode(UUID.self, column: "event_id")
        deviceSN = try row.decode(String.self, column: "device_sn")
        gatewaySN = try row.decode(String?.self, column: "gateway_sn")
        method = try row.decode(String.self, column: "method")
        bid = try row.decode(String?.self, column: "bid")
        tid = try row.decode(String?.self, column: "tid")
        needReply = try row.decode(Bool.self, column: "need_reply")
        data = try row.decode(PostgresJSON.self, column: "data")
        receivedAt = try row.decode(Date.self, column: "received_at")
    }
}
