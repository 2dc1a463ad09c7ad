import Logging
import ServiceLifecycle
import Shared

/// The bridge's part in docks' broker accounts: with `BROKER_DOCK_ACCOUNTS=dynamic-security`, the dynamic
/// security client and the `DockAccessKeeper` it serves; with `off`, nothing (it waits for shutdown, because a
/// service that returns would end the service group).
///
/// It sits after the MQTT client in the service group and before the `RequestHandler` that feeds its inbox,
/// so the handler stops first. At shutdown the keeper and its client stop together: a grant cut short is
/// logged and made again when the dock next reports its topology.
struct DockAccountService: Service {
    /// Where the `RequestHandler` asks for grants; nil when the bridge manages no accounts.
    let inbox: DockAccessInbox?
    private let client: DynamicSecurityClient?
    private let keeper: DockAccessKeeper?

    init(configuration: BridgeConfiguration, pool: PostgresPool, logger: Logger) throws {
        guard configuration.dockAccounts == .dynamicSecurity else {
            (inbox, client, keeper) = (nil, nil, nil)
            return
        }
        logger.info(
            "dock broker accounts: dynamic security", metadata: ["mqtt.control": "$CONTROL/dynamic-security/v1"])
        let client = try DynamicSecurityClient(
            configuration: configuration.mqtt.controlConnection,
            timeout: configuration.brokerControlTimeout,
            logger: logger
        )
        let inbox = DockAccessInbox()
        self.inbox = inbox
        self.client = client
        self.keeper = DockAccessKeeper(inbox: inbox, client: client, pool: pool, logger: logger)
    }

    func run() async throws {
        guard let client, let keeper else {
            try? await gracefulShutdown()
            return
        }
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await client.run() }
            group.addTask { try await keeper.run() }
        }
    }
}
