import ArgumentParser
import Foundation
import Logging
import MQTTClient
import Shared

/// N simulated docks publish OSD through the broker; the running bridge's own counters say how many it
/// ingested and how many database batches it wrote, and /proc says what that cost it in CPU and memory.
struct TelemetryBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "telemetry",
        abstract: "OSD ingest: messages/s taken by the bridge, database writes/s, bridge CPU and RSS."
    )

    @Option(help: "Simulated devices (distinct SNs).")
    var devices: Int = 100

    @Option(help: "OSD messages per device per second, or 0 for as fast as the publishers can go.")
    var rate: Double = 0.5

    @Option(help: "How long to publish, in seconds.")
    var seconds: Int = 10

    @Option(help: "MQTT connections the devices' traffic is spread over.")
    var publishers: Int = 4

    @Option(help: "The bridge's metrics URL.")
    var metricsURL: String = "http://127.0.0.1:9090/metrics"

    @Option(help: "The bridge's process id, for CPU and RSS.")
    var bridgePID: Int32

    @Option(help: "A file `dockgate-bench ceilings --output` wrote, to print ratios to the broker's rates.")
    var ceilings: String?
    @Flag(
        help: """
            Measure the bridge alone: stop it (SIGSTOP) while the devices publish, so the broker queues everything \
            for it, then let it go (SIGCONT) and time how fast it takes the backlog. On a small machine the \
            publishers cannot outrun the bridge while sharing its cores; this shows what the bridge itself can do.
            """)
    var drain = false

    func validate() throws {
        guard devices > 0, seconds > 0, publishers > 0, rate >= 0 else {
            throw ValidationError("devices, seconds and publishers must be positive; rate 0 or more")
        }
    }

    func run() async throws {
        let url = try Environment.process.required("MQTT_URL")
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let clients = try (0..<publishers).map { index in
            try MQTTClient(
                configuration: MQTTConfiguration(
                    url: url, clientID: "dockgate-bench-\(index)-\(UUID().uuidString.prefix(6))"),
                logger: logger
            )
        }
        let before = try await BridgeProbe.read(metricsURL: metricsURL, pid: bridgePID)
        if drain { kill(bridgePID, SIGSTOP) }
        var started = ContinuousClock.now
        let publishUntil = started + .seconds(seconds)
        let published = try await withThrowingTaskGroup(of: Int.self) { group in
            for client in clients {
                group.addTask {
                    try await client.run()
                    return 0
                }
            }
            for client in clients { try await client.waitUntilConnected(timeout: .seconds(10)) }
            let share = (devices + publishers - 1) / publishers
            var total = 0
            try await withThrowingTaskGroup(of: Int.self) { publishing in
                for (index, client) in clients.enumerated() {
                    let sns = (index * share..<min(devices, (index + 1) * share)).map {
                        String(format: "BENCH%06d", $0)
                    }
                    guard !sns.isEmpty else { continue }
                    publishing.addTask { try await publish(sns: sns, on: client, until: publishUntil) }
                }
                for try await count in publishing { total += count }
            }
            group.cancelAll()
            return total
        }
        var resumedCPU = before.cpuSeconds
        if drain {
            // The bridge's clock starts now: everything it takes from here on was waiting in the broker.
            started = ContinuousClock.now
            kill(bridgePID, SIGCONT)
            resumedCPU = try BridgeProbe.cpuSeconds(pid: bridgePID)
        }
        // The bridge may still be working through what the broker holds for it: wait until it has taken every
        // message (or stops making progress), so the rate is what it sustains, not what it had queued.
        var after = try await BridgeProbe.read(metricsURL: metricsURL, pid: bridgePID)
        var lastProgress = ContinuousClock.now
        while after.messages - before.messages < Double(published) && ContinuousClock.now - lastProgress < .seconds(3) {
            try await Task.sleep(for: .milliseconds(200))
            let now = try await BridgeProbe.read(metricsURL: metricsURL, pid: bridgePID)
            if now.messages > after.messages { lastProgress = ContinuousClock.now }
            after = now
        }
        let caughtUp = lastProgress - started
        // One more flush interval, so the database counters include the last batch.
        try await Task.sleep(for: .seconds(1))
        after = try await BridgeProbe.read(metricsURL: metricsURL, pid: bridgePID)
        let wall = Self.seconds(caughtUp)
        let total = Self.seconds(ContinuousClock.now - started)
        let publishWall = Double(seconds)
        let cpuSeconds = after.cpuSeconds - (drain ? resumedCPU : before.cpuSeconds)
        let ingested = after.messages - before.messages
        var report = [
            "devices": "\(devices)",
            "rate_per_device": rate == 0 ? "max" : "\(rate)",
            "mode": drain ? "drain" : "live",
            "published": "\(published)",
            "published_per_s": String(format: "%.0f", Double(published) / publishWall),
            "ingested": "\(Int(ingested))",
            "ingested_per_s": String(format: "%.0f", ingested / wall),
            "db_batches_per_s": String(format: "%.1f", (after.batches - before.batches) / total),
            "db_rows_per_s": String(format: "%.0f", (after.rows - before.rows) / total),
            "bridge_cpu_percent": String(format: "%.0f", cpuSeconds / total * 100),
            // Messages per second of the bridge's own CPU time: what it would take with a core to itself, and
            // the figure least moved by other processes on a shared machine.
            "ingested_per_cpu_s": String(format: "%.0f", ingested / max(cpuSeconds, 0.001)),
            "bridge_rss_mb": String(format: "%.1f", after.rssMB),
        ]
        if let ceilings { report.merge(try Ceilings.read(ceilings).ratios(osdPerSecond: ingested / wall)) { $1 } }
        print(report.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// Publishes OSD for `sns` round-robin until `deadline`, at `rate` per device or as fast as QoS 1 allows
    /// with a window of messages in flight.
    private func publish(sns: [String], on client: MQTTClient, until deadline: ContinuousClock.Instant) async throws
        -> Int
    {
        let window = 64
        var sent = 0
        var sequence = 0
        let interval: Duration? = rate > 0 ? .nanoseconds(Int64(1e9 / (rate * Double(sns.count)))) : nil
        var next = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { inFlight in
            var pending = 0
            while ContinuousClock.now < deadline {
                if let interval {
                    next += interval
                    if next > ContinuousClock.now { try await Task.sleep(until: next) }
                }
                let sn = sns[sequence % sns.count]
                sequence += 1
                let payload = OSDPayload.dock(sn: sn, sequence: sequence)
                inFlight.addTask {
                    try await client.publish(topic: "thing/product/\(sn)/osd", payload: payload, qos: .atLeastOnce)
                }
                pending += 1
                sent += 1
                if pending >= window {
                    try await inFlight.next()
                    pending -= 1
                }
            }
            try await inFlight.waitForAll()
        }
        return sent
    }
}
