import Foundation
import Logging
import Shared

/// The rows downlink tests need, in one place. Devices are written here as the device registry holds them; when
/// the registry is fed by `update_topo`, only `device(...)` has to change.
extension TestDatabase {
    /// Registers (or updates) a device: its gateway (nil for a gateway), its model key `domain-type-sub_type`
    /// (nil: never reported), whether it is online, and its tenant.
    public func device(
        sn: String, gatewaySN: String? = nil, modelKey: String?, online: Bool, tenantID: UUID?
    ) async throws {
        let parts = modelKey?.split(separator: "-").compactMap { Int($0) } ?? []
        let (domain, type, subType) =
            parts.count == 3 ? (Optional(parts[0]), Optional(parts[1]), Optional(parts[2])) : (nil, nil, nil)
        try await withConnection { connection in
            try await connection.query(
                """
                INSERT INTO devices (sn, gateway_sn, tenant_id, domain, type, sub_type, online, last_seen_at)
                VALUES (\(sn), \(gatewaySN), \(tenantID), \(domain), \(type), \(subType), \(online), now())
                ON CONFLICT (sn) DO UPDATE SET gateway_sn = excluded.gateway_sn, tenant_id = excluded.tenant_id,
                    domain = excluded.domain, type = excluded.type, sub_type = excluded.sub_type,
                    online = excluded.online, updated_at = now()
                """)
        }
    }

    /// Marks a device online or offline, as the registry does when it starts or stops talking.
    public func setOnline(_ sn: String, _ online: Bool) async throws {
        try await withConnection { connection in
            try await connection.query("UPDATE devices SET online = \(online), updated_at = now() WHERE sn = \(sn)")
        }
    }

    /// A tenant with one API client, for tests that create commands without going through the API.
    public func tenantWithClient(_ name: String = "acme") async throws -> (tenantID: UUID, apiID: String) {
        try await withConnection { connection in
            let tenant = try await connection.query(
                TenantQueries.insert(name: name, organizationID: "org-\(name)", organizationName: name))
            let tenantID = try tenant[0].decode(UUID.self, column: "id")
            let apiID = APIKeyGenerator.generateAPIID()
            try await connection.query(
                APIClientQueries.insert(
                    apiID: apiID, tenantID: tenantID, sealedKey: [0], scopes: [], description: "test"))
            return (tenantID, apiID)
        }
    }

    /// Accepts a command with the same statements the API runs (insert, then NOTIFY after the commit).
    public func createCommand(
        tenantID: UUID, apiID: String, deviceSN: String, gatewaySN: String? = nil, method: String,
        payload: JSONValue = .null, timeoutSeconds: Int = 30, idempotencyKey: String = UUID().uuidString
    ) async throws -> DownlinkCommandRecord {
        let body: JSONValue = .object(["device_id": .string(deviceSN), "idempotency_key": .string(idempotencyKey)])
        let new = NewDownlinkCommand(
            tenantID: tenantID, apiID: apiID, idempotencyKey: idempotencyKey,
            requestHash: NewDownlinkCommand.requestHash(of: body), deviceSN: deviceSN,
            gatewaySN: gatewaySN ?? deviceSN, method: method, payload: payload, timeoutSeconds: timeoutSeconds)
        return try await withConnection { connection in
            let rows = try await connection.query(DownlinkCommandQueries.insert(new))
            let record = try DownlinkCommandRecord(row: rows[0])
            try await connection.query(NotificationQueries.notify(.downlinkCommands, ids: [record.id]))
            return record
        }
    }

    public func command(_ id: UUID, tenantID: UUID) async throws -> DownlinkCommandRecord {
        try await withConnection { connection in
            let rows = try await connection.query(DownlinkCommandQueries.find(tenantID: tenantID, id: id))
            return try DownlinkCommandRecord(row: rows[0])
        }
    }

    /// Waits (bounded) until the command satisfies `condition`, and returns it as it then is (or as it is at the
    /// deadline, for the caller's expectations to report).
    public func waitForCommand(
        _ id: UUID, tenantID: UUID, timeout: Duration = .seconds(20),
        until condition: (DownlinkCommandRecord) -> Bool = { $0.status.isTerminal }
    ) async throws -> DownlinkCommandRecord {
        let deadline = ContinuousClock.now + timeout
        var record = try await command(id, tenantID: tenantID)
        while !condition(record), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
            record = try await command(id, tenantID: tenantID)
        }
        return record
    }

    /// The replies kept for operators that came on `gatewaySN`'s topic, oldest first.
    public func unmatchedReplies(gatewaySN: String) async throws -> [UnmatchedReply] {
        try await withConnection { connection in
            try await connection.query(
                """
                SELECT reason, tid, method, command_id, message FROM downlink_replies_unmatched
                WHERE gateway_sn = \(gatewaySN) ORDER BY id
                """
            ).map { row in
                UnmatchedReply(
                    reason: try row.decode(String.self, column: "reason"),
                    tid: try row.decode(String?.self, column: "tid"),
                    method: try row.decode(String?.self, column: "method"),
                    commandID: try row.decode(UUID?.self, column: "command_id"),
                    message: try row.decode(JSONValue.self, column: "message"))
            }
        }
    }

    /// Waits (bounded) until at least `count` replies were kept for `gatewaySN`.
    public func waitForUnmatchedReplies(gatewaySN: String, count: Int, timeout: Duration = .seconds(20)) async throws
        -> [UnmatchedReply]
    {
        let deadline = ContinuousClock.now + timeout
        var replies = try await unmatchedReplies(gatewaySN: gatewaySN)
        while replies.count < count, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
            replies = try await unmatchedReplies(gatewaySN: gatewaySN)
        }
        return replies
    }
}

/// A row of `downlink_replies_unmatched`.
public struct UnmatchedReply: Sendable, Hashable {
    public var reason: String
    public var tid: String?
    public var method: String?
    public var commandID: UUID?
    public var message: JSONValue
}

/// Bounded waiting for something a test cannot be notified of.
public enum Eventually {
    /// Polls `condition` every 20 ms until it holds or `timeout` passes; returns whether it held.
    public static func check(timeout: Duration = .seconds(20), _ condition: () async throws -> Bool) async rethrows
        -> Bool
    {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return try await condition()
    }
}
