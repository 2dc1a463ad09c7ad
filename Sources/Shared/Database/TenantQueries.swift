import Foundation

/// SQL of `tenants`.
public enum TenantQueries {
    public static func insert(name: String, organizationID: String, organizationName: String) -> PostgresQuery {
        """
        INSERT INTO tenants (name, dji_organization_id, dji_organization_name)
        VALUES (\(name), \(organizationID), \(organizationName))
        RETURNING id, name, dji_organization_id, dji_organization_name, created_at
        """
    }

    public static func list() -> PostgresQuery {
        "SELECT id, name, dji_organization_id, dji_organization_name, created_at FROM tenants ORDER BY created_at, name"
    }

    /// By id or by name, whichever the operator typed.
    public static func find(_ reference: String) -> PostgresQuery {
        """
        SELECT id, name, dji_organization_id, dji_organization_name, created_at FROM tenants
        WHERE name = \(reference) OR id::text = lower(\(reference))
        """
    }
}

/// A tenant as stored.
public struct Tenant: Sendable, Hashable, Codable {
    public var id: UUID
    public var name: String
    public var organizationID: String
    public var organizationName: String
    public var createdAt: Date

    public init(row: PostgresRow) throws {
        id = try row.decode(UUID.self, column: "id")
        name = try row.decode(String.self, column: "name")
        organizationID = try row.decode(String.self, column: "dji_organization_id")
        organizationName = try row.decode(String.self, column: "dji_organization_name")
        createdAt = try row.decode(Date.self, column: "created_at")
    }
}
