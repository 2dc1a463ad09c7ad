import HTTPTypes
import Hummingbird
import Logging
import Shared

/// `GET /healthz` and `GET /readyz` (API.md §6): no signature, outside `/api/v1/open`.
struct HealthRoutes: Sendable {
    let pool: PostgresPool
    let migrator: Migrator

    func add(to router: Router<APIRequestContext>, table: RouteTable) {
        router.on(.get, "/healthz", recordedIn: table) { _, _ in Self.ok }
        router.on(.get, "/readyz", recordedIn: table) { _, context in try await ready(logger: context.logger) }
    }

    /// Ready means the database answers and its schema is exactly the one this build migrates to; anything
    /// else is a 503 whose message says which, so a load balancer and a person both know what is wrong.
    private func ready(logger: Logger) async throws -> Response {
        let status: MigrationStatus
        do {
            status = try await pool.withConnection { try await migrator.status(on: $0) }
        } catch {
            logger.warning("readiness check: database unreachable", metadata: ["error": "\(error)"])
            throw APIError.notReady("database unreachable")
        }
        guard status.isCurrent else { throw APIError.notReady("database schema: \(status.explanation)") }
        return Self.ok
    }

    private static var ok: Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#)))
    }
}
