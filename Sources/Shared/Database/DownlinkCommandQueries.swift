import Foundation

/// SQL of `downlink_commands` for the API: accepting, reading and listing commands, and the device a command
/// is for.
public enum DownlinkCommandQueries {
    /// The device a tenant's command names, with the gateway it is published to and that gateway's model key
    /// (NULL when the gateway never reported its model). No row: not a device of this tenant.
    public static func target(tenantID: UUID, sn: String) -> PostgresQuery {
        """
        SELECT d.sn, coalesce(d.gateway_sn, d.sn) AS gateway_sn, g.model_key AS gateway_model_key
        FROM devices d LEFT JOIN devices g ON g.sn = coalesce(d.gateway_sn, d.sn)
        WHERE d.tenant_id = \(tenantID) AND d.sn = \(sn)
        """
    }

    /// Accepts a command; returns its row, or no row when the client already used this idempotency key (then
    /// read that command with `find(apiID:idempotencyKey:)`). A concurrent insert of the same key waits for the
    /// first to commit and then returns no row, so concurrent duplicates make one command.
    public static func insert(_ command: NewDownlinkCommand) -> PostgresQuery {
        """
        INSERT INTO downlink_commands (
            tenant_id, api_id, idempotency_key, request_hash, device_sn, gateway_sn, method, payload, deadline_at)
        VALUES (
            \(command.tenantID), \(command.apiID), \(command.idempotencyKey), \(command.requestHash),
            \(command.deviceSN), \(command.gatewaySN), \(command.method), \(command.payload),
            now() + make_interval(secs => \(command.timeoutSeconds)))
        ON CONFLICT (api_id, idempotency_key) DO NOTHING
        RETURNING \(unescaped: columns)
        """
    }

    /// The command a client created with an idempotency key.
    public static func find(apiID: String, idempotencyKey: String) -> PostgresQuery {
        """
        SELECT \(unescaped: columns) FROM downlink_commands
        WHERE api_id = \(apiID) AND idempotency_key = \(idempotencyKey)
        """
    }

    /// One command of a tenant.
    public static func find(tenantID: UUID, id: UUID) -> PostgresQuery {
        "SELECT \(unescaped: columns) FROM downlink_commands WHERE tenant_id = \(tenantID) AND id = \(id)"
    }

    /// A tenant's commands, newest first, before the cursor's `seq`; nil filters match everything.
    public static func list(
        tenantID: UUID, deviceSN: String?, method: String?, status: CommandStatus?, beforeSeq: Int64?, limit: Int
    ) -> PostgresQuery {
        """
        SELECT \(unescaped: columns) FROM downlink_commands
        WHERE tenant_id = \(tenantID)
          AND (\(deviceSN)::text IS NULL OR device_sn = \(deviceSN)::text)
          AND (\(method)::text IS NULL OR method = \(method)::text)
          AND (\(status)::text IS NULL OR status = \(status)::text)
          AND (\(beforeSeq)::bigint IS NULL OR seq < \(beforeSeq)::bigint)
        ORDER BY seq DESC
        LIMIT \(limit)
        """
    }

    static let columns = """
        id, seq, tenant_id, api_id, idempotency_key, request_hash, vendor, device_sn, gateway_sn, method, payload, \
        tid, bid, status, accepted_at, deadline_at, delivered_at, completed_at, response_code, response_message, \
        vendor_response, progress
        """
}

/// The device a command is for (`DownlinkCommandQueries.target`).
public struct CommandTarget: Sendable, Hashable {
    public var sn: String
    public var gatewaySN: String
    /// The gateway's `domain-type-sub_type`; nil until it reported its model.
    public var gatewayModelKey: String?

    public init(row: PostgresRow) throws {
        sn = try row.decode(String.self, column: "sn")
        gatewaySN = try row.decode(String.self, column: "gateway_sn")
        gatewayModelKey = try row.decode(String?.self, column: "gateway_model_key")
    }
}

/// A command row as the API shows it.
public struct DownlinkCommandRecord: Sendable, Hashable {
    public var id: UUID
    /// Insertion order; the list's cursor.
    public var seq: Int64
    public var tenantID: UUID
    public var apiID: String
    public var idempotencyKey: String
    public var requestHash: String
    public var vendor: String
    public var deviceSN: String
    public var gatewaySN: String
    public var method: String
    public var payload: JSONValue
    public var tid: UUID
    public var bid: UUID
    public var status: CommandStatus
    public var acceptedAt: Date
    public var deadlineAt: Date
    public var deliveredAt: Date?
    public var completedAt: Date?
    public var responseCode: String?
    public var responseMessage: String?
    public var vendorResponse: JSONValue?
    public var progress: JSONValue?

    public init(row: PostgresRow) throws {
        id = try row.decode(UUID.self, column: "id")
        seq = try row.decode(Int64.self, column: "seq")
        tenantID = try row.decode(UUID.self, column: "tenant_id")
        apiID = try row.decode(String.self, column: "api_id")
        idempotencyKey = try row.decode(String.self, column: "idempotency_key")
        requestHash = try row.decode(String.self, column: "request_hash")
        vendor = try row.decode(String.self, column: "vendor")
        deviceSN = try row.decode(String.self, column: "device_sn")
        gatewaySN = try row.decode(String.self, column: "gateway_sn")
        method = try row.decode(String.self, column: "method")
        payload = try row.decode(JSONValue.self, column: "payload")
        tid = try row.decode(UUID.self, column: "tid")
        bid = try row.decode(UUID.self, column: "bid")
        status = try row.decode(CommandStatus.self, column: "status")
        acceptedAt = try row.decode(Date.self, column: "accepted_at")
        deadlineAt = try row.decode(Date.self, column: "deadline_at")
        deliveredAt = try row.decode(Date?.self, column: "delivered_at")
        completedAt = try row.decode(Date?.self, column: "completed_at")
        responseCode = try row.decode(String?.self, column: "response_code")
        responseMessage = try row.decode(String?.self, column: "response_message")
        vendorResponse = try row.decode(JSONValue?.self, column: "vendor_response")
        progress = try row.decode(JSONValue?.self, column: "progress")
    }
}
