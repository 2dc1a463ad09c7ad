import ArgumentParser
import Metrics
import Prometheus
import ServiceLifecycle
import Shared

/// `dji-bridge`: carries DJI Cloud API traffic between the MQTT broker and PostgreSQL.
@main
struct BridgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dji-bridge",
        abstract: "Bridge DJI docks (MQTT) and dockgate's database; configuration from the environment.",
        discussion: "Without a subcommand it runs the bridge.",
        subcommands: [DockAccountsCommand.self]
    )

    func run() async throws {
        let configuration = try BridgeConfiguration(environment: .process)
        let logger = configuration.logging.bootstrap(label: "dji-bridge")
        MetricsSystem.bootstrap(PrometheusMetricsFactory())
        let bridge = try await buildBridge(configuration: configuration, logger: logger)
        try await bridge.run()
    }
}
