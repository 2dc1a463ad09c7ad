import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Prometheus
import Shared

/// Wires the API: the one place that knows every part. `ServeCommand` runs what it returns, and tests call it
/// with their own configuration.
func buildApplication(
    configuration: APIConfiguration,
    logger: Logger,
    metrics: PrometheusCollectorRegistry = PrometheusMetricsFactory.defaultRegistry,
    now: @escaping @Sendable () -> Date = { Date() }
) async throws -> some ApplicationProtocol {
    logger.info(
        "open-api starting",
        metadata: [
            "database": "\(DatabaseURL.redacted(configuration.databaseURL))",
            "api.address": "\(configuration.host):\(configuration.port)",
            "notifications": "\(configuration.notifications.rawValue)",
        ]
    )
    let sealer = try APIKeySealer(base64MasterKey: configuration.masterKey)
    let pool = PostgresPool(
        connectionString: configuration.databaseURL,
        maxConnections: configuration.databasePoolSize,
        logger: logger
    )
    let migrator = Migrator()
    let routes = RouteTable()
    let hub = NotificationHub(
        connectionString: configuration.databaseURL, channels: [.downlinkCommandStatus, .deviceEvents], logger: logger,
        notifications: configuration.notifications)

    let router = Router(context: APIRequestContext.self)
    router.add(middleware: AccessLogMiddleware())
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: ErrorMappingMiddleware(routes: routes))
    router.add(middleware: SignatureMiddleware(pool: pool, sealer: sealer, now: now))

    HealthRoutes(pool: pool, migrator: migrator).add(to: router, table: routes)
    OperationsRoutes(registry: metrics, openAPIDocument: try OpenAPIDocument.load()).add(to: router, table: routes)
    DeviceRoutes(pool: pool).add(to: router, table: routes)
    EventRoutes(pool: pool, hub: hub).add(to: router, table: routes)
    DownlinkCommandRoutes(pool: pool, hub: hub, notifiesBridge: configuration.notifications.isOn)
        .add(to: router, table: routes)
    DeviceRequestRoutes(pool: pool, now: now).add(to: router, table: routes)
    BindingCodeRoutes(pool: pool).add(to: router, table: routes)

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
        SchemaMigrationService(pool: pool, migrator: migrator, logger: logger),
        NoncePruningService(pool: pool, logger: logger),
        RetentionService(pool: pool, configuration: configuration.retention, logger: logger, now: now),
        hub
    )
    return app
}
