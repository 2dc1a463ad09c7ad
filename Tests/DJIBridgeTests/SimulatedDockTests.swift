import Foundation
import Logging
import MQTTClient
import Shared
import TestSupport
import Testing

/// The simulated dock speaks the protocol a real dock speaks, checked by a plain MQTT client and the platform's
/// own readers of DJI messages.
@Suite(.timeLimit(.minutes(1))) struct SimulatedDockTests {
    @Test func itReportsItsTopologyAsUpdateTopo() async throws {
        let sn = "SIM-\(UUID().uuidString.prefix(8))"
        let dock = try SimulatedDock(sn: sn, model: .dock2, mqttURL: try TestServers.mqttURL)
        let observer = try MQTTClient(
            configuration: MQTTConfiguration(url: TestServers.mqttURL, clientID: "\(sn)-observer"),
            logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await observer.run() }
            try await observer.waitUntilConnected(timeout: .seconds(20))
            try await observer.subscribe([DJITopic(sn: sn, kind: .status).description: .atLeastOnce])
            var messages = observer.messages.makeAsyncIterator()
            try await dock.withRunning {
                try await dock.reportTopology(aircraft: (sn: "\(sn)-AIR", modelKey: "0-91-0"))
            }
            let message = try #require(await messages.next())
            let envelope = try DJIEnvelope(decoding: message.payload)
            let topology = try #require(DJITopology(gatewaySN: sn, envelope: envelope))
            #expect(topology.gateway.modelKey == DockModel.dock2.modelKey)
            #expect(topology.subDevices.map(\.sn) == ["\(sn)-AIR"])
            #expect(topology.subDevices.first?.modelKey == "0-91-0")
            #expect(envelope.tid != nil && envelope.bid != nil && envelope.timestamp != nil)
            tasks.cancelAll()
        }
    }
}
