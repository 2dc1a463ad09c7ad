import Foundation
import Shared

/// Issues binding codes for a tenant: the API route and the operator CLI share it.
enum BindingCodeIssuer {
    /// A stored code with what the installer needs beside it.
    struct Issued: Encodable, Sendable {
        var bindingCode: String
        var organizationID: String
        var organizationName: String
        var expiresAt: String

        enum CodingKeys: String, CodingKey {
            case bindingCode = "binding_code"
            case organizationID = "organization_id"
            case organizationName = "organization_name"
            case expiresAt = "expires_at"
        }
    }

    /// Generates a code and stores it with `run` (a pool's or a connection's `query`). A collision with an
    /// existing code — about one in 10^14 per code — is answered by drawing again.
    static func issue(
        tenantID: UUID,
        ttlSeconds: Int,
        createdBy: String,
        run: (PostgresQuery) async throws -> PostgresRows
    ) async throws -> Issued {
        var attempts = 0
        while true {
            attempts += 1
            let code = BindingCode.generate()
            do {
                let rows = try await run(
                    BindingQueries.insertCode(
                        code: code, tenantID: tenantID, ttlSeconds: ttlSeconds, createdBy: createdBy)
                )
                guard let row = rows.first else {
                    throw PostgresError(kind: .decoding, message: "the database returned no binding code row")
                }
                return Issued(
                    bindingCode: try row.decode(String.self, column: "code"),
                    organizationID: try row.decode(String.self, column: "dji_organization_id"),
                    organizationName: try row.decode(String.self, column: "dji_organization_name"),
                    expiresAt: RFC3339.string(try row.decode(Date.self, column: "expires_at"))
                )
            } catch let error as PostgresError
                where error.sqlState == PostgresError.Code.uniqueViolation && attempts < 5
            {
                continue
            }
        }
    }
}
