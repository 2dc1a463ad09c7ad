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
            "mqtt.share_group": "\(configuration.shareGroup ?? "none (plain subscriptions)")",
            "notifications": "\(configuration.notifications.rawValue)",
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
    let notifies = configuration.notifications.isOn
    let replies = ReplyCorrelator(pool: pool, logger: logger, notifiesStatus: notifies)
    let progress = ProgressTracker(pool: pool, logger: logger, notifiesStatus: notifies)
    let requests = RequestInbox()
    let replyListener = PostgresListener(
        connectionString: configuration.databaseURL,
        channels: [NotificationChannel.deviceRequestReplies.rawValue],
        logger: logger
    )
    logger.info(
        "device requests",
        metadata: [
            "requests.config": "\(configuration.requests.app == nil ? "manual (DJI_APP_* not set)" : "auto")",
            "requests.storage_config_get":
                "\(configuration.requests.storage == nil ? "manual (STORAGE_* not set)" : "auto")",
            "requests.reply_timeout": "\(configuration.requests.replyTimeout)",
        ]
    )
    let dockAccounts = try DockAccountService(configuration: configuration, pool: pool, logger: logger)
    // A service group shuts its services down in reverse order: the router stops feeding the writers,
    // correlators and request services before they stop, everything that publishes or queries stops before the
    // MQTT client, and the ingest writer's last flush happens before the pool closes.
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
        dockAccounts,
        // Without notifications the scan is all there is: every 200 ms keeps the poll-only round trip under the
        // one second issue 7 allows (docs/benchmarks.md); the claim query reads a small partial index.
        DownlinkDispatcher(
            pool: pool, mqtt: mqtt, databaseURL: configuration.databaseURL, logger: logger,
            scanInterval: notifies ? .milliseconds(500) : .milliseconds(200), usesNotifications: notifies,
            shareGroup: configuration.shareGroup),
        DeadlineSweeper(pool: pool, logger: logger, notifiesStatus: notifies),
        replies,
        progress,
        // After the MQTT client and before the router, so at shutdown the router stops first and the request
        // services still answer and store what it handed over.
        replyListener,
        RequestReplyPublisher(
            pool: pool, mqtt: mqtt, listener: replyListener, bridgeID: configuration.mqtt.clientID, logger: logger,
            now: now),
        RequestExpirySweeper(pool: pool, interval: .seconds(1), now: now, logger: logger),
        RequestHandler(
            inbox: requests, pool: pool, mqtt: mqtt, configuration: configuration.requests,
            dockAccess: dockAccounts.inbox, logger: logger, now: now),
        UplinkRouter(
            mqtt: mqtt,
            topology: topology,
            telemetry: telemetry,
            events: events,
            replies: replies,
            progress: progress,
            requests: requests,
            logger: logger,
            now: now,
            shareGroup: configuration.shareGroup
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
