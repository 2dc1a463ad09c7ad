import Foundation

/// SQL of dock binding: binding codes, the organization a code opens, and binding devices to a tenant.
public enum BindingQueries {
    /// Stores a new code for a tenant; returns it with its expiry and the tenant's organization.
    public static func insertCode(code: String, tenantID: UUID, ttlSeconds: Int, createdBy: String) -> PostgresQuery {
        """
        WITH inserted AS (
            INSERT INTO binding_codes (code, tenant_id, created_by, expires_at)
            VALUES (\(code), \(tenantID), \(createdBy), now() + make_interval(secs => \(ttlSeconds)))
            RETURNING code, tenant_id, expires_at
        )
        SELECT i.code, i.expires_at, t.dji_organization_id, t.dji_organization_name
        FROM inserted i JOIN tenants t ON t.id = i.tenant_id
        """
    }

    /// The tenant whose organization id is `organizationID` and that issued `code`, when the code has not
    /// expired at `now`.
    public static func organization(organizationID: String, code: String, now: Date) -> PostgresQuery {
        """
        SELECT t.id AS tenant_id, t.dji_organization_id, t.dji_organization_name
        FROM tenants t JOIN binding_codes c ON c.tenant_id = t.id
        WHERE t.dji_organization_id = \(organizationID) AND c.code = \(code) AND c.expires_at > \(now)
        """
    }

    /// The devices of a bind request that the registry knows, with their tenant, locked for the binding.
    public static func lockDevices(sns: [String]) -> PostgresQuery {
        """
        SELECT sn, tenant_id FROM devices
        WHERE sn IN (SELECT jsonb_array_elements_text(\(snList(sns))))
        ORDER BY sn
        FOR UPDATE
        """
    }

    /// Binds one device to a tenant, creating it when the dock binds before its first `update_topo`. Model
    /// fields and the gateway link fill gaps only: `update_topo` is the authority on them.
    public static func bind(
        sn: String,
        gatewaySN: String?,
        tenantID: UUID,
        callsign: String?,
        model: (domain: Int, type: Int, subType: Int)?
    ) -> PostgresQuery {
        """
        INSERT INTO devices (sn, gateway_sn, tenant_id, callsign, domain, type, sub_type)
        VALUES (\(sn), \(gatewaySN), \(tenantID), \(callsign), \(model?.domain), \(model?.type), \(model?.subType))
        ON CONFLICT (sn) DO UPDATE SET
            tenant_id = excluded.tenant_id,
            callsign = coalesce(excluded.callsign, devices.callsign),
            gateway_sn = coalesce(devices.gateway_sn, excluded.gateway_sn),
            domain = coalesce(devices.domain, excluded.domain),
            type = coalesce(devices.type, excluded.type),
            sub_type = coalesce(devices.sub_type, excluded.sub_type),
            updated_at = now()
        """
    }

    /// Records the last use of a code.
    public static func markUsed(code: String, by sn: String, at: Date) -> PostgresQuery {
        "UPDATE binding_codes SET used_at = \(at), used_by = \(sn) WHERE code = \(code)"
    }

    /// The binding of each SN the registry knows: tenant, organization and call-sign.
    public static func status(sns: [String]) -> PostgresQuery {
        """
        SELECT d.sn, d.callsign, t.id AS tenant_id, t.dji_organization_id, t.dji_organization_name
        FROM devices d LEFT JOIN tenants t ON t.id = d.tenant_id
        WHERE d.sn IN (SELECT jsonb_array_elements_text(\(snList(sns))))
        """
    }

    /// SNs as one JSON array parameter: exact for any text, unlike splitting a joined string.
    private static func snList(_ sns: [String]) -> PostgresJSON {
        PostgresJSON(text: JSONValue.array(sns.map(JSONValue.string)).jsonText)
    }
}

extension DockBinding.Organization {
    /// From a row with `tenant_id`, `dji_organization_id` and `dji_organization_name`; nil when they are NULL.
    public init?(row: PostgresRow) throws {
        guard let tenantID = try row.decode(UUID?.self, column: "tenant_id"),
            let id = try row.decode(String?.self, column: "dji_organization_id"),
            let name = try row.decode(String?.self, column: "dji_organization_name")
        else { return nil }
        self.init(tenantID: tenantID, id: id, name: name)
    }
}
