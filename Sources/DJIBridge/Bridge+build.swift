import Foundation
import Logging
import MQTTClient
import Prometheus
import ServiceLifecycle
import Shared
import UnixSignals

/// Wires the bridge: checks the schema, then returns the process's one service group. `BridgeCommand` runs
/// it; tests call it with their own configuration and clock.
func buildBridge(
    configuration: BridgeConfiguration,
    logger: Logger,
    metrics: PrometheusCollectorRegistry = PrometheusMetricsFactory.defaultRegistry,
    now: @escaping @Sendable () -> Date = { Date() }
) async throws -> ServiceGroup {
    logger.info(
        "dji-bridge starting",
        metadata: [
            "database": "\(DatabaseURL.redacted(configuration.databaseURL))",
            "mqtt.broker": "\(configuration.mqtt.redactedURL)",
            "mqtt.client_id": "\(configuration.mqtt.clientID)",
        ]
    )
    let pool = PostgresPool(
        connectionString: configuration.databaseURL,
        maxConnections: configuration.databasePoolSize,
        logger: logger
    )
    // The bridge never migrates: running against a schema it was not built for could corrupt data.
    let status: MigrationStatus
    do {
        status = try await pool.withConnection { try await Migrator().status(on: $0) }
    } catch {
        await pool.close()
        throw error
    }
    guard status.isCurrent else {
        await pool.close()
        throw SchemaNotCurrentError(status: status)
    }

    let mqtt = try MQTTClient(configuration: configuration.mqtt, logger: logger)
    let topology = TopologyBuffer()
    let telemetry = TelemetryBuffer()
    let events = EventBuffer()
    let replies = ReplyCorrelator(pool: pool, logger: logger)
    let progress = ProgressTracker(pool: pool, logger: logger)
    // A service group shuts its services down in reverse order: the router stops feeding the writers and
    // correlators before they stop, everything that publishes or queries stops before the MQTT client, and the
    // ingest writer's last flush happens before the pool closes.
    let services: [any Service] = [
        PostgresPoolLifetime(pool: pool),
        IngestWriter(
            pool: pool,
            topology: topology,
            telemetry: telemetry,
            events: events,
            interval: configuration.flushInterval,
            logger: logger
        ),
        LivenessSweeper(
            pool: pool,
            offlineAfter: configuration.offlineAfter,
            interval: .seconds(1),
            now: now,
            logger: logger
        ),
        mqtt,
        DownlinkDispatcher(pool: pool, mqtt: mqtt, databaseURL: configuration.databaseURL, logger: logger),
        DeadlineSweeper(pool: pool, logger: logger),
        replies,
        progress,
        UplinkRouter(
            mqtt: mqtt,
            topology: topology,
            telemetry: telemetry,
            events: events,
            replies: replies,
            progress: progress,
            logger: logger,
            now: now
        ),
        BridgeHTTP.application(
            host: configuration.httpHost,
            port: configuration.httpPort,
            mqtt: mqtt,
            pool: pool,
            registry: metrics,
            logger: logger
        ),
    ]
    return ServiceGroup(
        configuration: .init(
            services: services.map { .init(service: $0) },
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        )
    )
}

/// The bridge refuses to start on a schema that is not exactly the one it was built for.
struct SchemaNotCurrentError: Error, CustomStringConvertible {
    var status: MigrationStatus
    var description: String { "database schema is not current: \(status.explanation)" }
}
