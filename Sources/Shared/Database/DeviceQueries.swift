import Foundation

/// SQL of `devices` and `device_telemetry`.
public enum DeviceQueries {
    /// Binds a device to a tenant on an operator's word, creating the row if the device has not connected
    /// yet; its sub-devices (the dock's aircraft) follow it. Returns the rows changed.
    public static func assign(sn: String, tenantID: UUID) -> PostgresQuery {
        """
        WITH gateway AS (
            INSERT INTO devices (sn, tenant_id) VALUES (\(sn), \(tenantID))
            ON CONFLICT (sn) DO UPDATE SET tenant_id = excluded.tenant_id, updated_at = now()
            RETURNING sn
        ), children AS (
            UPDATE devices SET tenant_id = \(tenantID), updated_at = now()
            WHERE gateway_sn = \(sn) AND tenant_id IS DISTINCT FROM \(tenantID)
            RETURNING sn
        )
        SELECT sn FROM gateway UNION ALL SELECT sn FROM children
        """
    }

    /// A tenant's devices in SN order, after the cursor's SN; nil filters match everything.
    public static func list(
        tenantID: UUID,
        online: Bool?,
        gatewaySN: String?,
        modelKeys: [String]?,
        afterSN: String?,
        limit: Int
    ) -> PostgresQuery {
        """
        SELECT \(unescaped: columns) FROM devices d LEFT JOIN device_telemetry t ON t.sn = d.sn
        WHERE d.tenant_id = \(tenantID)
          AND (\(online)::boolean IS NULL OR d.online = \(online)::boolean)
          AND (\(gatewaySN)::text IS NULL OR d.gateway_sn = \(gatewaySN)::text)
          AND (\(modelKeys?.joined(separator: ","))::text IS NULL
               OR d.model_key = ANY (string_to_array(\(modelKeys?.joined(separator: ","))::text, ',')))
          AND (\(afterSN)::text IS NULL OR d.sn > \(afterSN)::text)
        ORDER BY d.sn
        LIMIT \(limit)
        """
    }

    /// One device of a tenant, with its telemetry.
    public static func find(tenantID: UUID, sn: String) -> PostgresQuery {
        """
        SELECT \(unescaped: columns) FROM devices d LEFT JOIN device_telemetry t ON t.sn = d.sn
        WHERE d.tenant_id = \(tenantID) AND d.sn = \(sn)
        """
    }

    /// The sub-devices of a tenant's gateway.
    public static func subDevices(tenantID: UUID, gatewaySN: String) -> PostgresQuery {
        """
        SELECT \(unescaped: columns) FROM devices d LEFT JOIN device_telemetry t ON t.sn = d.sn
        WHERE d.tenant_id = \(tenantID) AND d.gateway_sn = \(gatewaySN)
        ORDER BY d.sn
        """
    }

    /// Every device with its telemetry, whatever its tenant: for operators and tests, never for an API route.
    public static func all() -> PostgresQuery {
        "SELECT \(unescaped: columns) FROM devices d LEFT JOIN device_telemetry t ON t.sn = d.sn ORDER BY d.sn"
    }

    private static let columns = """
        d.sn, d.gateway_sn, d.tenant_id, d.domain, d.type, d.sub_type, d.model_key, d.sub_device_index, \
        d.thing_version, d.firmware_version, d.online, d.first_seen_at, d.last_seen_at, \
        coalesce(t.osd, '{}') AS osd, t.osd_updated_at, coalesce(t.state, '{}') AS state, t.state_updated_at
        """
}

/// A device row with its latest telemetry.
public struct DeviceRecord: Sendable, Hashable {
    public var sn: String
    public var gatewaySN: String?
    public var tenantID: UUID?
    public var domain: Int?
    public var type: Int?
    public var subType: Int?
    public var modelKey: String?
    public var subDeviceIndex: String?
    public var thingVersion: String?
    public var firmwareVersion: String?
    public var online: Bool
    public var firstSeenAt: Date?
    public var lastSeenAt: Date?
    public var osd: PostgresJSON
    public var osdUpdatedAt: Date?
    public var state: PostgresJSON
    public var stateUpdatedAt: Date?

    public init(row: PostgresRow) throws {
        sn = try row.decode(String.self, column: "sn")
        gatewaySN = try row.decode(String?.self, column: "gateway_sn")
        tenantID = try row.decode(UUID?.self, column: "tenant_id")
        domain = try row.decode(Int?.self, column: "domain")
        type = try row.decode(Int?.self, column: "type")
        subType = try row.decode(Int?.self, column: "sub_type")
        modelKey = try row.decode(String?.self, column: "model_key")
        subDeviceIndex = try row.decode(String?.self, column: "sub_device_index")
        thingVersion = try row.decode(String?.self, column: "thing_version")
        firmwareVersion = try row.decode(String?.self, column: "firmware_version")
        online = try row.decode(Bool.self, column: "online")
        firstSeenAt = try row.decode(Date?.self, column: "first_seen_at")
        lastSeenAt = try row.decode(Date?.self, column: "last_seen_at")
        osd = try row.decode(PostgresJSON.self, column: "osd")
        osdUpdatedAt = try row.decode(Date?.self, column: "osd_updated_at")
        state = try row.decode(PostgresJSON.self, column: "state")
        stateUpdatedAt = try row.decode(Date?.self, column: "state_updated_at")
    }

    public var model: String { DJIModel.name(forKey: modelKey) }
}
