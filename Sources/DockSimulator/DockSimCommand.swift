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
            Each dock reports its aircraft (update_topo), sends its OSD as three partial messages per cycle, and \
            answers every service call with success; long-running methods (cover_open, flighttask_execute, …) \
            report progress events first. A summary line is printed every few seconds.
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

    func validate() throws {
        guard docks >= 1 else { throw ValidationError("--docks must be at least 1") }
        guard osdHz > 0, osdHz <= 100 else { throw ValidationError("--osd-hz must be in (0, 100]") }
        guard firstIndex >= 0 else { throw ValidationError("--first-index must not be negative") }
        guard seconds.map({ $0 > 0 }) ?? true else { throw ValidationError("--seconds must be positive") }
        guard summaryEvery > 0 else { throw ValidationError("--summary-every must be positive") }
    }

    func run() async throws {
        guard let mqttURL = ProcessInfo.processInfo.environment["MQTT_URL"], !mqttURL.isEmpty else {
            throw ValidationError("set MQTT_URL to the broker dji-bridge uses, e.g. mqtt://127.0.0.1:1883")
        }
        var logger = Logger(label: "dock-sim")
        logger.logLevel = .warning
        let hardware = (0..<docks).map { SimulatedHardware(model: model.dockModel, index: firstIndex + $0) }
        let fleet = try DockFleet(
            hardware: hardware, mqttURL: mqttURL, osdInterval: Self.duration(1 / osdHz), logger: logger)
        for item in hardware.prefix(5) {
            DockFleet.output(
                "dock-sim: \(item.model.rawValue) \(item.dockSN) (\(item.model.modelKey)) with aircraft "
                    + "\(item.aircraftSN) (\(item.aircraftModelKey))")
        }
        if hardware.count > 5 { DockFleet.output("dock-sim: … and \(hardware.count - 5) more") }
        try await fleet.run(for: seconds.map(Self.duration), summaryEvery: Self.duration(summaryEvery))
    }

    private static func duration(_ seconds: Double) -> Duration {
        .milliseconds(Int64((seconds * 1000).rounded()))
    }
}
