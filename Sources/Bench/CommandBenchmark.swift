import ArgumentParser
import DockSimulation
import Foundation
import Logging
import NIOHTTP1
import Shared

/// M signed HTTP clients send `live_start_push` to N simulated docks that answer at once, each client waiting for
/// its command's terminal status by long poll before sending the next: commands/s sustained, the round trip a
/// client sees (POST to terminal status), and ACCEPTED→DELIVERED by the database's timestamps.
struct CommandBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commands",
        abstract: "Command round trip: commands/s, POST→terminal latency, ACCEPTED→DELIVERED latency."
    )

    @Option(help: "The API's base URL.")
    var apiURL: String = "http://127.0.0.1:8080"

    @Option(help: "The built open-api executable, for the operator commands (tenant, credentials, devices).")
    var openAPI: String

    @Option(help: "Simulated docks (each its own MQTT connection).")
    var docks: Int = 20

    @Option(help: "Concurrent HTTP clients, each with one keep-alive connection and one command at a time.")
    var clients: Int = 32

    @Option(help: "How long to measure, in seconds (after the warm-up).")
    var seconds: Int = 20

    @Option(help: "Seconds of load before measuring starts.")
    var warmup: Int = 2

    @Option(help: "A name for this run in the output (e.g. notify, poll-only).")
    var label: String = "run"

    @Option(help: "A file `dockgate-bench ceilings --output` wrote, to print ratios to the machine's limits.")
    var ceilings: String?

    func validate() throws {
        guard docks > 0, clients > 0, seconds > 0, warmup >= 0 else {
            throw ValidationError("docks, clients and seconds must be positive, warmup 0 or more")
        }
        guard URLComponents(string: apiURL)?.host != nil else { throw ValidationError("--api-url needs a host") }
    }

    func run() async throws {
        let mqttURL = try Environment.process.required("MQTT_URL")
        let databaseURL = try Environment.process.required("DATABASE_URL")
        let api = try APIEndpoint(apiURL)
        var logger = Logger(label: "bench")
        logger.logLevel = .warning

        // One tenant, client and set of docks per run, so runs never see each other's commands.
        let runID = UUID().uuidString.prefix(8).lowercased()
        let tenant = "bench-\(runID)"
        let cli = OperatorCLI(executable: openAPI)
        try cli.createTenant(tenant)
        let signer = try cli.createCredentials(
            tenant: tenant, scopes: [.downlinkCommandWrite, .downlinkCommandRead, .deviceRead])
        let sns = (0..<docks).map { String(format: "BENCH\(runID.uppercased())%04d", $0) }
        for sn in sns where try !cli.assign(sn: sn, tenant: tenant) {
            throw BenchError("`open-api devices assign` did not assign \(sn)")
        }
        let simulated = try sns.map { sn in
            try SimulatedDock(sn: sn, model: .dock3, mqttURL: mqttURL, logger: logger)
        }
        let result = try await Self.running(simulated[...]) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                // The bridge marks a device offline after a minute of silence, and only online docks get
                // commands: a topology report now and then keeps them online whatever the load.
                group.addTask {
                    while !Task.isCancelled {
                        for dock in simulated { try await dock.reportTopology(aircraft: nil) }
                        try await Task.sleep(for: .seconds(15))
                    }
                }
                try await CommandLoad.waitUntilOnline(sns, api: api, signer: signer)
                let load = CommandLoad(api: api, signer: signer, sns: sns)
                let result = try await load.run(
                    clients: clients, warmup: .seconds(warmup), measure: .seconds(seconds))
                group.cancelAll()
                return result
            }
        }
        let timings = try await Self.databaseTimings(
            databaseURL: databaseURL, apiID: signer.apiID, since: result.measuredSince, logger: logger)
        var report: [String: String] = [
            "run": label,
            "docks": "\(docks)",
            "clients": "\(clients)",
            "seconds": "\(seconds)",
            "commands": "\(result.latencies.count)",
            "not_succeeded": "\(result.notSucceeded)",
            "commands_per_s": String(format: "%.0f", Double(result.latencies.count) / Double(seconds)),
        ]
        let roundTrip = LatencySummary(milliseconds: result.latencies)
        report.merge(Self.fields("round_trip_ms", roundTrip)) { $1 }
        report.merge(timings) { $1 }
        if let ceilings {
            let limits = try Ceilings.read(ceilings)
            let rate = Double(result.latencies.count) / Double(seconds)
            report.merge(limits.ratios(commandsPerSecond: rate)) { $1 }
        }
        print(report.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
    }

    static func fields(_ prefix: String, _ summary: LatencySummary) -> [String: String] {
        [
            "\(prefix)_p50": String(format: "%.1f", summary.p50),
            "\(prefix)_p95": String(format: "%.1f", summary.p95),
            "\(prefix)_p99": String(format: "%.1f", summary.p99),
            "\(prefix)_max": String(format: "%.1f", summary.max),
        ]
    }

    /// Runs every dock (connected and subscribed) around `body`.
    private static func running<T>(_ docks: ArraySlice<SimulatedDock>, _ body: () async throws -> T) async throws
        -> T
    {
        guard let first = docks.first else { return try await body() }
        return try await first.withRunning { try await running(docks.dropFirst(), body) }
    }

    /// ACCEPTED→DELIVERED and ACCEPTED→terminal of the measured commands, by the database's clock.
    private static func databaseTimings(databaseURL: String, apiID: String, since: Date, logger: Logger)
        async throws -> [String: String]
    {
        let connection = try await PostgresConnection.connect(to: databaseURL, logger: logger)
        let rows: PostgresRows
        do {
            rows = try await connection.query(CommandTimingQueries.latencies(apiID: apiID, since: since))
            await connection.close()
        } catch {
            await connection.close()
            throw error
        }
        guard let row = rows.first else { throw BenchError("the timing query returned no row") }
        var fields: [String: String] = [:]
        for (prefix, column) in [("accepted_to_delivered_ms", "delivered"), ("accepted_to_terminal_ms", "completed")] {
            for stat in ["p50", "p95", "p99", "max"] {
                fields["\(prefix)_\(stat)"] = String(
                    format: "%.1f", try row.decode(Double.self, column: "\(column)_\(stat)"))
            }
        }
        return fields
    }
}
