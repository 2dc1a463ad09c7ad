import ArgumentParser
import Hummingbird
import Metrics
import Prometheus
import Shared

/// `open-api serve` (the default): migrate, then serve HTTP until SIGTERM or SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Migrate the database and serve the REST API (configuration from the environment)."
    )

    func run() async throws {
        let configuration = try APIConfiguration(environment: .process)
        let logger = configuration.logging.bootstrap(label: "open-api")
        MetricsSystem.bootstrap(PrometheusMetricsFactory())
        let app = try await buildApplication(configuration: configuration, logger: logger)
        try await app.runService()
    }
}
