import Hummingbird
import Logging
import Shared

/// Wires the API: the one place that knows every part. `ServeCommand` runs what it returns, and tests call it
/// with their own configuration.
func buildApplication(configuration: APIConfiguration, logger: Logger) async throws -> some ApplicationProtocol {
    logger.info(
        "open-api starting",
        metadata: [
            "database": "\(DatabaseURL.redacted(configuration.databaseURL))",
            "api.address": "\(configuration.host):\(configuration.port)",
        ]
    )
    let pool = PostgresPool(
        connectionString: configuration.databaseURL,
        maxConnections: configuration.databasePoolSize,
        logger: logger
    )
    let migrator = Migrator()

    let router = Router(context: BasicRequestContext.self)
    HealthRoutes(pool: pool, migrator: migrator).add(to: router)

    var app = Application(
        router: router,
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port),
            serverName: "dockgate"
        ),
        logger: logger
    )
    app.addServices(
        PostgresPoolLifetime(pool: pool),
        SchemaMigrationService(pool: pool, migrator: migrator, logger: logger)
    )
    return app
}
