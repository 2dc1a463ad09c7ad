import DockSimulation
import Foundation
import Logging
import Shared
import Synchronization

/// Runs the simulated docks side by side and counts what they do, for the summary line.
final class DockFleet: Sendable {
    let docks: [(hardware: SimulatedHardware, dock: SimulatedDock)]
    private let osdInterval: Duration
    private let online = Atomic<Int>(0)
    private let published = Atomic<Int>(0)

    init(hardware: [SimulatedHardware], mqttURL: String, osdInterval: Duration, logger: Logger) throws {
        self.osdInterval = osdInterval
        docks = try hardware.map { item in
            let dock = try SimulatedDock(sn: item.dockSN, model: item.model, mqttURL: mqttURL, logger: logger)
            // Long-running methods accept the job, then report it running and done, as reference §4.2 shows.
            for entry in CommandCatalog.all where !entry.progressEventMethods.isEmpty {
                dock.answer(
                    entry.method,
                    with: .progress([
                        SimulatedDock.ProgressStep(status: "in_progress", percent: 50, step: entry.method),
                        SimulatedDock.ProgressStep(status: "ok", percent: 100, step: entry.method),
                    ]))
            }
            return (item, dock)
        }
    }

    /// Runs every dock until `duration` has passed (or forever), printing a summary every `summaryEvery` and once
    /// at the end. A dock that cannot connect ends the run with its error.
    func run(for duration: Duration?, summaryEvery: Duration) async throws {
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (hardware, dock) in docks {
                group.addTask { try await self.simulate(dock, hardware: hardware) }
            }
            group.addTask { try await self.summarize(every: summaryEvery) }
            if let duration {
                group.addTask { try await Task.sleep(for: duration) }
            }
            // Docks and the summary loop only end by throwing, so the first task to finish is the timer.
            _ = try await group.next()
            group.cancelAll()
        }
        let elapsed = ContinuousClock.now - start
        let messages = published.load(ordering: .relaxed) + answered
        Self.output(
            "dock-sim: stopped after \(String(format: "%.1f", Self.seconds(elapsed))) s; \(messages) messages published, "
                + "\(answered) commands answered")
    }

    private var answered: Int { docks.reduce(0) { $0 + $1.dock.answeredCount } }

    /// Topology once, then OSD cycles until cancelled; starts at a random point of the first cycle so the docks'
    /// messages spread out instead of arriving in bursts.
    private func simulate(_ dock: SimulatedDock, hardware: SimulatedHardware) async throws {
        try await dock.withRunning {
            online.add(1, ordering: .relaxed)
            defer { online.subtract(1, ordering: .relaxed) }
            try await dock.reportTopology(aircraft: (sn: hardware.aircraftSN, modelKey: hardware.aircraftModelKey))
            published.add(1, ordering: .relaxed)
            try await Task.sleep(for: osdInterval * Double.random(in: 0..<1))
            while true {
                for part in 0..<DockTelemetry.partCount {
                    try await dock.reportOSD(DockTelemetry.part(part, of: hardware))
                    published.add(1, ordering: .relaxed)
                }
                try await Task.sleep(for: osdInterval)
            }
        }
    }

    private func summarize(every interval: Duration) async throws {
        var last = (instant: ContinuousClock.now, messages: 0)
        while true {
            try await Task.sleep(for: interval)
            let now = ContinuousClock.now
            let answered = answered
            let messages = published.load(ordering: .relaxed) + answered
            let rate = Double(messages - last.messages) / max(Self.seconds(now - last.instant), 0.001)
            Self.output(
                "dock-sim: \(online.load(ordering: .relaxed))/\(docks.count) docks online, "
                    + "\(String(format: "%.1f", rate)) messages/s, \(answered) commands answered")
            last = (now, messages)
        }
    }

    /// One line on stdout, written at once: `print` buffers when stdout is a pipe, and a live summary must show.
    static func output(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
