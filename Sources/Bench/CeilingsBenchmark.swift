import ArgumentParser
import Foundation
import Logging
import MQTTClient
import Shared

/// The machine's own limits, on the broker and database the other benchmarks use: mosquitto publisher→subscriber
/// messages/s for dockgate's payloads at QoS 1 and 0, and PostgreSQL single-row commits/s (`pgbench`, 1 and 8
/// clients). The other benchmarks divide by these (`--ceilings`).
struct CeilingsBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ceilings",
        abstract: "mosquitto round-trip messages/s and PostgreSQL single-row commits/s on this machine."
    )

    @Option(help: "Messages per MQTT measurement.")
    var messages: Int = 50_000

    @Option(help: "The pgbench executable (/usr/lib/postgresql/VERSION/bin/pgbench).")
    var pgbench: String

    @Option(help: "Transactions per pgbench run (shared among its clients).")
    var pgTransactions: Int = 20_000

    @Option(help: "Also write the results as one key=value line to this file, for `--ceilings` of the others.")
    var output: String?

    func validate() throws {
        guard messages > 0, pgTransactions > 0 else {
            throw ValidationError("messages and pg-transactions must be positive")
        }
    }

    func run() async throws {
        let mqttURL = try Environment.process.required("MQTT_URL")
        let databaseURL = try Environment.process.required("DATABASE_URL")
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        var values: [String: Double] = [:]
        var table: [String] = ["| measurement | rate/s | note |", "|---|---:|---|"]
        let payloads: [(name: String, bytes: [UInt8])] = [
            ("osd", OSDPayload.dock(sn: "BENCHCEILING0001", sequence: 1)),
            ("services", Self.servicesPayload()),
        ]
        for payload in payloads {
            for qos in [MQTTQoS.atLeastOnce, .atMostOnce] {
                let measured = try await MQTTRoundTrip(url: mqttURL, logger: logger).measure(
                    payload: payload.bytes, qos: qos, messages: messages)
                values[Ceilings.mqttKey(payload: payload.name, qos: Int(qos.rawValue))] = measured.rate
                let lost = messages - measured.received
                table.append(
                    "| mosquitto QoS \(qos.rawValue), \(payload.name) payload (\(payload.bytes.count) B) | "
                        + "\(String(format: "%.0f", measured.rate)) | \(lost == 0 ? "" : "\(lost) of \(messages) lost") |"
                )
            }
        }
        let commits = PGBenchCommits(
            pgbench: pgbench, databaseURL: databaseURL, transactions: pgTransactions, logger: logger)
        for clients in [1, 8] {
            let rate = try await commits.measure(clients: clients)
            values[Ceilings.commitKey(clients: clients)] = rate
            table.append(
                "| PostgreSQL single-row INSERT+COMMIT, \(clients) client\(clients == 1 ? "" : "s") | "
                    + "\(String(format: "%.0f", rate)) | |")
        }
        let ceilings = Ceilings(values: values)
        print(table.joined(separator: "\n"))
        print(ceilings.line)
        if let output { try (ceilings.line + "\n").write(toFile: output, atomically: true, encoding: .utf8) }
    }

    /// A `live_start_push` call as the bridge publishes it: what a command costs the broker, twice (call, reply).
    static func servicesPayload() -> [UInt8] {
        let sn = "BENCHCEILING0001"
        return DJIReply.bytes(
            DJIServiceCall.envelope(
                tid: UUID().uuidString.lowercased(), bid: UUID().uuidString.lowercased(), method: "live_start_push",
                data: .object([
                    "url_type": .integer(1), "url": .string("rtmp://127.0.0.1/live/\(sn)"),
                    "video_id": .string("\(sn)/165-0-7/normal-0"), "video_quality": .integer(0),
                ]),
                now: Int64(Date().timeIntervalSince1970 * 1000)))
    }
}
