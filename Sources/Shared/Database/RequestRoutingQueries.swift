import Foundation

/// SQL of `request_routing_policies`, a tenant's overrides of who answers a request method.
public enum RequestRoutingQueries {
    public static func set(tenantID: UUID, requestType: String, decision: RoutingDecision) -> PostgresQuery {
        """
        INSERT INTO request_routing_policies (tenant_id, request_type, decision)
        VALUES (\(tenantID), \(requestType), \(decision.rawValue))
        ON CONFLICT (tenant_id, request_type) DO UPDATE SET decision = excluded.decision, updated_at = now()
        RETURNING tenant_id, request_type, decision, updated_at
        """
    }

    /// Removes an override: the platform default applies again.
    public static func clear(tenantID: UUID, requestType: String) -> PostgresQuery {
        """
        DELETE FROM request_routing_policies WHERE tenant_id = \(tenantID) AND request_type = \(requestType)
        RETURNING tenant_id, request_type, decision, updated_at
        """
    }

    public static func list(tenantID: UUID?) -> PostgresQuery {
        """
        SELECT tenant_id, request_type, decision, updated_at FROM request_routing_policies
        WHERE \(tenantID)::uuid IS NULL OR tenant_id = \(tenantID)::uuid
        ORDER BY tenant_id, request_type
        """
    }
}
