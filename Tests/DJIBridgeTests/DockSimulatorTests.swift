import Foundation
import Logging
import MQTTClient
import Shared
import TestSupport
import Testing

/// The built `dock-sim` binary against the test broker, observed by a plain MQTT client: what it publishes by
/// itself (topology, partial OSD) and how it answers a service call, without a bridge.
@Suite(.timeLimit(.minutes(1))) struct DockSimulatorTests {
    /// `dock-sim` sits next to the test bundle in the build folder (`swift build --build-tests` builds it).
    static var binary: URL {
        BuiltBinary.url("dock-sim")
    }

    @Test func oneDock3ReportsTopologyAndOSDAnswersACallAndStopsByItself() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build dock-sim first")
        let index = Int.random(in: 10_000...99_999)
        let hardware = SimulatedHardware(model: .dock3, index: index)
        #expect(hardware.dockSN == "8UUXN3A00A\(index)")
        #expect(hardware.aircraftModelKey == "0-100-1")
        let observer = try MQTTClient(
            configuration: MQTTConfiguration(url: TestServers.mqttURL, clientID: "\(hardware.dockSN)-observer"),
            logger: Logger(label: "test"))
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["--docks", "1", "--model", "dock3", "--first-index", "\(index)", "--seconds", "8"]
        process.environment = ["MQTT_URL": try TestServers.mqttURL, "PATH": "/usr/bin:/bin"]
        let stdout = Pipe()
        process.standardOutput = stdout

        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await observer.run() }
            try await observer.waitUntilConnected(timeout: .seconds(20))
            try await observer.subscribe([
                DJITopic(sn: hardware.dockSN, kind: .status).description: .atLeastOnce,
                DJITopic(sn: hardware.dockSN, kind: .osd).description: .atLeastOnce,
                DJITopic(sn: hardware.dockSN, kind: .servicesReply).description: .atLeastOnce,
            ])
            var messages = observer.messages.makeAsyncIterator()
            try process.run()

            // The dock subscribes to its services topic before it reports its topology, so a call sent after
            // update_topo arrived is heard.
            let first = try #require(await messages.next())
            #expect(first.topic == DJITopic(sn: hardware.dockSN, kind: .status).description)
            let topology = try #require(
                DJITopology(gatewaySN: hardware.dockSN, envelope: try DJIEnvelope(decoding: first.payload)))
            #expect(topology.gateway.modelKey == "3-3-0")
            #expect(topology.subDevices.map(\.sn) == [hardware.aircraftSN])
            #expect(topology.subDevices.first?.modelKey == "0-100-1")

            let call: JSONValue = .object([
                "tid": .string("tid-sim"), "bid": .string("bid-sim"), "timestamp": .integer(1),
                "method": .string("live_start_push"), "data": .object([:]),
            ])
            try await observer.publish(
                topic: DJITopic(sn: hardware.dockSN, kind: .services).description, payload: DJIReply.bytes(call),
                qos: .atLeastOnce)

            var osdKeys: Set<String> = []
            var osdMessages = 0
            var reply: DJIEnvelope?
            // One full OSD cycle (three parts) and the reply; the dock stops after 8 s, so the stream cannot end
            // without both unless the simulator is broken.
            while reply == nil || osdMessages < DockTelemetry.partCount, let message = await messages.next() {
                let envelope = try DJIEnvelope(decoding: message.payload)
                if message.topic.hasSuffix("/services_reply") {
                    reply = envelope
                } else if message.topic.hasSuffix("/osd") {
                    #expect(envelope.gateway == hardware.dockSN)
                    osdMessages += 1
                    osdKeys.formUnion(envelope.data.objectValue.map { Array($0.keys) } ?? [])
                }
            }
            #expect(reply?.tid == "tid-sim" && reply?.bid == "bid-sim")
            #expect(reply?.method == "live_start_push")
            #expect(reply?.data["result"] == .integer(0))
            #expect(osdKeys.isSuperset(of: ["mode_code", "cover_state", "network_state", "sub_device", "humidity"]))
            tasks.cancelAll()
        }

        let output = String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(output.contains(hardware.dockSN))
        #expect(output.contains("1 commands answered"), "\(output)")
    }
}
