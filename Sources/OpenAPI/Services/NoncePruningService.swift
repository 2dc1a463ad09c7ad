import Logging
import ServiceLifecycle
import Shared

/// Deletes nonces older than the replay window once a minute, so `api_nonces` stays as small as the traffic of
/// the last 15 minutes. Correctness does not depend on it: an old row is overwritten when its nonce comes back.
struct NoncePruningService: Service {
    let pool: PostgresPool
    let logger: Logger
    var interval: Duration = .seconds(60)

    func run() async throws {
        // The first pass waits too: at start-up the schema may still be migrating, and nothing has expired yet.
        await repeatEvery(interval, logger: logger, failure: "cannot prune nonces") {
            let deleted = try await pool.query(
                APIClientQueries.pruneNonces(windowSeconds: Int(AuthenticationCheck.nonceReplayWindowSeconds))
            ).affectedRows
            if deleted > 0 { logger.debug("pruned expired nonces", metadata: ["nonces.deleted": "\(deleted)"]) }
        }
    }
}
