import Foundation

/// SQL of `api_clients` and `api_nonces`.
public enum APIClientQueries {
    public static func insert(apiID: String, tenantID: UUID, sealedKey: [UInt8], scopes: [String], description: String)
        -> PostgresQuery
    {
        """
        INSERT INTO api_clients (api_id, tenant_id, sealed_key, scopes, description)
        VALUES (\(apiID), \(tenantID), \(Data(sealedKey)), string_to_array(\(scopes.joined(separator: " ")), ' '), \(description))
        RETURNING \(unescaped: columns)
        """
    }

    /// The client a signed request names, with its tenant; revoked clients included so the caller can tell
    /// why it refuses.
    public static func find(apiID: String) -> PostgresQuery {
        "SELECT \(unescaped: columns) FROM api_clients WHERE api_id = \(apiID)"
    }

    public static func list(tenantID: UUID?) -> PostgresQuery {
        if let tenantID {
            return "SELECT \(unescaped: columns) FROM api_clients WHERE tenant_id = \(tenantID) ORDER BY created_at"
        }
        return "SELECT \(unescaped: columns) FROM api_clients ORDER BY created_at"
    }

    /// Revokes at once: the next request of this client is refused. Returns the row when it was active.
    public static func revoke(apiID: String) -> PostgresQuery {
        """
        UPDATE api_clients SET revoked_at = now() WHERE api_id = \(apiID) AND revoked_at IS NULL
        RETURNING \(unescaped: columns)
        """
    }

    /// Records a nonce; returns no row when the client already used it within the replay window (the row
    /// of an older use is replaced, so the table only needs pruning for space, never for correctness).
    public static func recordNonce(apiID: String, nonce: String, windowSeconds: Int) -> PostgresQuery {
        """
        INSERT INTO api_nonces (api_id, nonce) VALUES (\(apiID), \(nonce))
        ON CONFLICT (api_id, nonce) DO UPDATE SET seen_at = now()
        WHERE api_nonces.seen_at < now() - make_interval(secs => \(windowSeconds))
        RETURNING seen_at
        """
    }

    /// Deletes nonces older than the replay window; returns how many.
    public static func pruneNonces(windowSeconds: Int) -> PostgresQuery {
        "DELETE FROM api_nonces WHERE seen_at < now() - make_interval(secs => \(windowSeconds))"
    }

    private static let columns =
        "api_id, tenant_id, sealed_key, array_to_string(scopes, ' ') AS scopes, description, created_at, revoked_at"
}

/// An API client as stored; its key is still sealed.
public struct APIClientRecord: Sendable, Hashable {
    public var apiID: String
    public var tenantID: UUID
    public var sealedKey: [UInt8]
    public var scopes: [String]
    public var description: String
    public var createdAt: Date
    public var revokedAt: Date?

    public init(row: PostgresRow) throws {
        apiID = try row.decode(String.self, column: "api_id")
        tenantID = try row.decode(UUID.self, column: "tenant_id")
        sealedKey = [UInt8](try row.decode(Data.self, column: "sealed_key"))
        scopes = try row.decode(String.self, column: "scopes").split(separator: " ").map(String.init)
        description = try row.decode(String.self, column: "description")
        createdAt = try row.decode(Date.self, column: "created_at")
        revokedAt = try row.decode(Date?.self, column: "revoked_at")
    }
}
