import Logging
import MQTTClient
import ServiceLifecycle
import Shared
import UnixSignals

/// Wires the bridge: checks the schema, then returns the process's one service group. `BridgeCommand` runs
/// it; tests call it with their own configuration.
func buildBridge(configuration: BridgeConfiguration, logger: Logger) async throws -> ServiceGroup {
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
    let replies = ReplyCorrelator(pool: pool, logger: logger)
    let progress = ProgressTracker(pool: pool, logger: logger)
    // A service group shuts its services down in reverse order: the router stops feeding the correlators before
    // they stop, and everything that publishes or queries stops before the MQTT client and the pool.
    return ServiceGroup(
        configuration: .init(
            services: [
                .init(service: PostgresPoolLifetime(pool: pool)),
                .init(service: mqtt),
                .init(
                    service: DownlinkDispatcher(
                        pool: pool, mqtt: mqtt, databaseURL: configuration.databaseURL, logger: logger)),
                .init(service: DeadlineSweeper(pool: pool, logger: logger)),
                .init(service: replies),
                .init(service: progress),
                .init(service: UplinkRouter(mqtt: mqtt, logger: logger, replies: replies, progress: progress)),
            ],
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
