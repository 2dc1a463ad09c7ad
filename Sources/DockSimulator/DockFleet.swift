import DockSimulation
import Foundation
import Logging
import Shared
import Synchronization

/// Runs the simulated docks side by side and counts what they do, for the summary line.
final class DockFleet: Sendable {
    /// What every dock of the fleet does, beyond answering calls.
    struct Options: Sendable {
        /// Between two OSD cycles (dock parts and aircraft).
        var osdInterval: Duration
        /// Between two rounds of a state change and an HMS report; nil sends none.
        var eventInterval: Duration?
        /// What the installer typed, when the docks should bind first.
        var binding: DockBinding.Credential?
        /// `--answer` rules, in the order given (a later rule for the same method wins).
        var answers: [AnswerRule] = []
    }

    let docks: [(hardware: SimulatedHardware, dock: SimulatedDock)]
    private let options: Options
    private let online = Atomic<Int>(0)
    private let bound = Atomic<Int>(0)
    private let published = Atomic<Int>(0)
    /// How many docks print their binding outcome; the summary counts the rest.
    private static let announcedDocks = 5

    init(hardware: [SimulatedHardware], mqttURL: String, options: Options, logger: Logger) throws {
        self.options = options
        let everyMethod = options.answers.last { $0.method == nil }?.behaviour
        docks = try hardware.map { item in
            let dock = try SimulatedDock(
                sn: item.dockSN, model: item.model, aircraftSN: item.aircraftSN, mqttURL: mqttURL,
                defaultBehaviour: everyMethod ?? .succeed, logger: logger)
            // Long-running methods accept the job, then report it running and done, as reference §4.2 shows —
            // unless `*=…` asked for one behaviour for every method.
            if everyMethod == nil {
                for entry in CommandCatalog.all where !entry.progressEventMethods.isEmpty {
                    dock.answer(
                        entry.method, with: .progress(SimulatedDock.ProgressStep.runningThenDone(step: entry.method)))
                }
            }
            for rule in options.answers {
                if let method = rule.method { dock.answer(method, with: rule.behaviour) }
            }
            return (item, dock)
        }
    }

    /// Runs every dock until `duration` has passed or `stop` yields (or forever), printing a summary every
    /// `summaryEvery` and once at the end. A dock that cannot connect ends the run with its error.
    func run(for duration: Duration?, until stop: AsyncStream<Int32>, summaryEvery: Duration) async throws {
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, (hardware, dock)) in docks.enumerated() {
                group.addTask {
                    try await self.simulate(dock, hardware: hardware, announce: index < Self.announcedDocks)
                }
            }
            group.addTask { try await self.summarize(every: summaryEvery) }
            if let duration {
                group.addTask { try await Task.sleep(for: duration) }
            }
            group.addTask {
                var signals = stop.makeAsyncIterator()
                _ = await signals.next()
            }
            // Docks and the summary loop only end by throwing, so the first task to finish is the timer or a
            // signal.
            _ = try await group.next()
            group.cancelAll()
        }
        let elapsed = ContinuousClock.now - start
        let totals = totals
        Self.output(
            "dock-sim: stopped after \(String(format: "%.1f", Self.seconds(elapsed))) s; "
                + "\(messages(totals)) messages published, \(describe(totals))")
    }

    private var totals: SimulatedDock.Statistics {
        docks.reduce(into: SimulatedDock.Statistics()) { sum, entry in
            let statistics = entry.dock.statistics
            sum.callsReceived += statistics.callsReceived
            sum.callsAnswered += statistics.callsAnswered
            sum.requestsAnswered += statistics.requestsAnswered
            sum.requestsUnanswered += statistics.requestsUnanswered
            sum.stateSent += statistics.stateSent
            sum.stateReplied += statistics.stateReplied
            sum.eventsSent += statistics.eventsSent
            sum.eventsReplied += statistics.eventsReplied
        }
    }

    /// Every message the docks sent: OSD and topology, answers, requests, state and events.
    private func messages(_ totals: SimulatedDock.Statistics) -> Int {
        published.load(ordering: .relaxed) + totals.callsAnswered + totals.requestsAnswered
            + totals.requestsUnanswered + totals.stateSent + totals.eventsSent
    }

    private func describe(_ totals: SimulatedDock.Statistics) -> String {
        var parts = ["\(totals.callsAnswered) commands answered"]
        if options.binding != nil { parts.append("\(bound.load(ordering: .relaxed))/\(docks.count) docks bound") }
        parts.append("requests \(totals.requestsAnswered) answered/\(totals.requestsUnanswered) unanswered")
        parts.append("\(totals.stateSent) state sent (\(totals.stateReplied) replied)")
        parts.append("\(totals.eventsSent) events sent")
        return parts.joined(separator: ", ")
    }

    /// Binding (when asked), topology once, then OSD cycles and, when enabled, state changes and HMS reports until
    /// cancelled. Periodic work starts at a random point of its first interval so the docks' messages spread out
    /// instead of arriving in bursts.
    private func simulate(_ dock: SimulatedDock, hardware: SimulatedHardware, announce: Bool) async throws {
        try await dock.withRunning {
            online.add(1, ordering: .relaxed)
            defer { online.subtract(1, ordering: .relaxed) }
            let aircraft = (sn: hardware.aircraftSN, modelKey: hardware.aircraftModelKey)
            if let credential = options.binding {
                let outcome = try await dock.bind(
                    credential, aircraft: aircraft,
                    callsign: "Simulated \(hardware.model.rawValue) \(dock.sn.suffix(4))")
                if outcome.isBound { bound.add(1, ordering: .relaxed) }
                if announce || !outcome.isBound { Self.output("dock-sim: \(dock.sn) \(outcome)") }
            }
            try await dock.reportTopology(aircraft: aircraft)
            published.add(1, ordering: .relaxed)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await self.streamOSD(dock, hardware: hardware) }
                if let interval = options.eventInterval {
                    group.addTask { try await self.reportChanges(dock, hardware: hardware, every: interval) }
                }
                try await group.waitForAll()
            }
        }
    }

    private func streamOSD(_ dock: SimulatedDock, hardware: SimulatedHardware) async throws {
        try await Task.sleep(for: options.osdInterval * Double.random(in: 0..<1))
        while true {
            for part in 0..<DockTelemetry.partCount {
                try await dock.reportOSD(DockTelemetry.part(part, of: hardware))
            }
            try await dock.reportOSD(AircraftTelemetry.data(of: hardware), deviceSN: hardware.aircraftSN)
            published.add(DockTelemetry.partCount + 1, ordering: .relaxed)
            try await Task.sleep(for: options.osdInterval)
        }
    }

    /// One HMS report and one aircraft state change (with `need_reply`, awaiting its `state_reply`) per interval.
    private func reportChanges(_ dock: SimulatedDock, hardware: SimulatedHardware, every interval: Duration)
        async throws
    {
        try await Task.sleep(for: interval * Double.random(in: 0..<1))
        var round = 0
        while true {
            try await dock.reportEvent(
                "hms", data: DeviceChanges.hms(round, of: hardware), deviceSN: hardware.aircraftSN)
            try await dock.reportState(DeviceChanges.stateChange(round), deviceSN: hardware.aircraftSN)
            round += 1
            try await Task.sleep(for: interval)
        }
    }

    private func summarize(every interval: Duration) async throws {
        var last = (instant: ContinuousClock.now, messages: 0)
        while true {
            try await Task.sleep(for: interval)
            let now = ContinuousClock.now
            let totals = totals
            let messages = messages(totals)
            let rate = Double(messages - last.messages) / max(Self.seconds(now - last.instant), 0.001)
            Self.output(
                "dock-sim: \(online.load(ordering: .relaxed))/\(docks.count) docks online, "
                    + "\(String(format: "%.1f", rate)) messages/s, \(describe(totals))")
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
