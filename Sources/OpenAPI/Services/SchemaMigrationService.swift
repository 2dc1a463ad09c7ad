import Logging
import ServiceLifecycle
import Shared

/// Brings the schema up to date when the API starts, and keeps trying while the database is unreachable, so
/// the API can start before PostgreSQL does (its `/readyz` answers 503 until then).
///
/// A schema this build cannot migrate (newer, or an edited migration) is fatal: the service throws and the
/// process stops with the explanation.
struct SchemaMigrationService: Service {
    let pool: PostgresPool
    let migrator: Migrator
    let logger: Logger
    var retryDelay: ClosedRange<Duration> = .milliseconds(500)...(.seconds(15))

    func run() async throws {
        var delay = retryDelay.lowerBound
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let applied = try await pool.withConnection { try await migrator.migrate(on: $0, logger: logger) }
                logger.info(
                    "database schema is current",
                    metadata: [
                        "migrations.applied": "\(applied.count)", "migrations.total": "\(migrator.migrations.count)",
                    ]
                )
                // A service that returns ends Hummingbird's service group; stay until the process shuts down.
                try? await gracefulShutdown()
                return
            } catch let error as MigrationError {
                throw error
            } catch {
                logger.warning(
                    "cannot migrate yet, retrying",
                    metadata: ["error": "\(error)", "retry.seconds": "\(delay.components.seconds)"]
                )
                let pause = delay
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: pause) }
                delay = min(delay * 2, retryDelay.upperBound)
            }
        }
    }
}
