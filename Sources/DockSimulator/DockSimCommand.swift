import ArgumentParser
import DockSimulation
import Foundation
import Logging
import Shared

/// `dock-sim`: N simulated DJI docks on the broker at `MQTT_URL`, for developing against dockgate without hardware.
@main
struct DockSimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dock-sim",
        abstract: "Simulate DJI docks on the MQTT broker at $MQTT_URL.",
        discussion: """
            Each dock binds first when given --binding-code and --organization-id (airport_bind_status, \
            airport_organization_get, airport_organization_bind), reports its aircraft (update_topo), sends its \
            OSD as three partial messages per cycle and its aircraft's OSD beside them, reports aircraft state \
            changes (need_reply) and HMS events now and then, and answers every service call with success; \
            long-running methods (cover_open, flighttask_execute, …) report progress events first. --answer \
            changes how a method is answered. A summary line is printed every few seconds.
            """
    )

    /// The docks `--model` accepts, each with the aircraft `SimulatedHardware` pairs it with.
    enum Model: String, ExpressibleByArgument, CaseIterable {
        case dock1, dock2, dock3

        var dockModel: DockModel {
            switch self {
            case .dock1: .dock1
            case .dock2: .dock2
            case .dock3: .dock3
            }
        }
    }

    @Option(help: "How many docks to simulate.")
    var docks: Int = 1

    @Option(help: "dock1 (DJI Dock + Matrice 30T), dock2 (Dock 2 + Matrice 3TD) or dock3 (Dock 3 + Matrice 4TD).")
    var model: Model = .dock3

    @Option(help: "OSD cycles per second per dock; a real dock sends 0.5 (one cycle every 2 s).")
    var osdHz: Double = 0.5

    @Option(help: "The number of the first dock, which ends its serial (dock3 number 1 is 8UUXN3A00A0001).")
    var firstIndex: Int = 1

    @Option(help: "Stop after this many seconds (default: run until interrupted).")
    var seconds: Double?

    @Option(help: "Seconds between summary lines.")
    var summaryEvery: Double = 5

    @Option(help: "A binding code from `open-api binding-codes create`: each dock binds with it before it starts.")
    var bindingCode: String?

    @Option(
        name: .customLong("organization-id"),
        help: "The organization id printed beside the binding code (required with --binding-code).")
    var organizationID: String?

    @Option(
        help: "Rounds of one aircraft state change (need_reply) and one HMS event per minute per dock; 0 sends none.")
    var eventsPerMinute: Double = 6

    @Option(
        help: ArgumentHelp(
            "How a method is answered, as METHOD=BEHAVIOUR; repeat for more methods. * is every method not named.",
            discussion: """
                BEHAVIOUR: succeed | fail:CODE | late:MILLISECONDS[:BEHAVIOUR] | silent | progress | \
                twice[:BEHAVIOUR] | wrong-method:NAME[:BEHAVIOUR]. Examples: live_start_push=fail:513003, \
                cover_open=late:3000, flighttask_execute=silent, return_home=progress, '*=succeed'.
                """, valueName: "method=behaviour"))
    var answer: [String] = []

    func validate() throws {
        guard docks >= 1 else { throw ValidationError("--docks must be at least 1") }
        guard osdHz > 0, osdHz <= 100 else { throw ValidationError("--osd-hz must be in (0, 100]") }
        guard firstIndex >= 0 else { throw ValidationError("--first-index must not be negative") }
        guard seconds.map({ $0 > 0 }) ?? true else { throw ValidationError("--seconds must be positive") }
        guard summaryEvery > 0 else { throw ValidationError("--summary-every must be positive") }
        guard eventsPerMinute >= 0, eventsPerMinute <= 6000 else {
            throw ValidationError("--events-per-minute must be from 0 to 6000")
        }
        guard (bindingCode == nil) == (organizationID == nil) else {
            throw ValidationError(
                "--binding-code and --organization-id go together: `open-api binding-codes create` prints both")
        }
        if let bindingCode, bindingCode.isEmpty { throw ValidationError("--binding-code must not be empty") }
        if let organizationID, organizationID.isEmpty { throw ValidationError("--organization-id must not be empty") }
        _ = try answerRules()
    }

    /// The `--answer` options, parsed; the first one not understood is the error.
    private func answerRules() throws -> [AnswerRule] {
        try answer.map { text in
            do {
                return try AnswerRule(parsing: text)
            } catch {
                throw ValidationError("--answer \(error)")
            }
        }
    }

    func run() async throws {
        guard let mqttURL = ProcessInfo.processInfo.environment["MQTT_URL"], !mqttURL.isEmpty else {
            throw ValidationError("set MQTT_URL to the broker dji-bridge uses, e.g. mqtt://127.0.0.1:1883")
        }
        var logger = Logger(label: "dock-sim")
        logger.logLevel = .warning
        let hardware = (0..<docks).map { SimulatedHardware(model: model.dockModel, index: firstIndex + $0) }
        var binding: DockBinding.Credential?
        if let bindingCode, let organizationID {
            binding = DockBinding.Credential(organizationID: organizationID, bindingCode: bindingCode)
        }
        let options = DockFleet.Options(
            osdInterval: Self.duration(1 / osdHz),
            eventInterval: eventsPerMinute > 0 ? Self.duration(60 / eventsPerMinute) : nil,
            binding: binding, answers: try answerRules())
        let fleet = try DockFleet(hardware: hardware, mqttURL: mqttURL, options: options, logger: logger)
        DockFleet.output(
            binding.map {
                "dock-sim: binding each dock to organization \($0.organizationID) with code \($0.bindingCode)"
            }
                ?? "dock-sim: no --binding-code given, so the docks skip binding (they stay unbound unless assigned)")
        if options.eventInterval == nil { DockFleet.output("dock-sim: --events-per-minute 0, so no state or HMS") }
        for text in answer { DockFleet.output("dock-sim: --answer \(text)") }
        for item in hardware.prefix(5) {
            DockFleet.output(
                "dock-sim: \(item.model.rawValue) \(item.dockSN) (\(item.model.modelKey)) with aircraft "
                    + "\(item.aircraftSN) (\(item.aircraftModelKey))")
        }
        if hardware.count > 5 { DockFleet.output("dock-sim: … and \(hardware.count - 5) more") }
        try await fleet.run(
            for: seconds.map(Self.duration), until: StopSignals.stream(), summaryEvery: Self.duration(summaryEvery))
    }

    private static func duration(_ seconds: Double) -> Duration {
        .milliseconds(Int64((seconds * 1000).rounded()))
    }
}
