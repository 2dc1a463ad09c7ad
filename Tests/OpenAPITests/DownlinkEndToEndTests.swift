import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Shared
import TestSupport
import Testing

@testable import OpenAPI

/// The whole life cycle through both processes: the signed API in this process, the built `dji-bridge` binary
/// as a child process, and a simulated dock on the real broker.
@Suite(.timeLimit(.minutes(2))) struct DownlinkEndToEndTests {
    @Test(arguments: [DockModel.dock2, .dock3])
    func aCommandTravelsToTheDockAndItsOutcomeAndProgressComeBack(model: DockModel) async throws {
        #expect(FileManager.default.isExecutableFile(atPath: BridgeProcess.binary.path), "build dji-bridge first")
        let fixture = try await APIFixture.make()
        let acme = try await fixture.tenant("acme")
        let signer = try await fixture.client(tenant: acme)
        let sn = "E2E-\(UUID().uuidString.prefix(8))"
        try await fixture.device(sn: sn, modelKey: model.modelKey, tenant: acme)
        let dock = try SimulatedDock(sn: sn, model: model, mqttURL: try TestServers.mqttURL)
        // Late enough that the long poll below is waiting when the reply comes.
        dock.answer("live_start_push", with: .late(.seconds(1), .succeed(output: .object(["status": .string("ok")]))))
        dock.answer(
            "cover_open",
            with: .progress([
                SimulatedDock.ProgressStep(status: "in_progress", percent: 50, step: "open_cover"),
                SimulatedDock.ProgressStep(status: "ok", percent: 100, step: "open_cover"),
            ]))
        let bridge = try BridgeProcess(
            databaseURL: fixture.database.url, mqttURL: try TestServers.mqttURL, clientID: "\(sn)-bridge")
        let bridgeLog = bridge.logFile.path
        try await dock.withRunning {
            try await fixture.app().test(.router) { client in
                let api = DownlinkCommandClient(client: client, signer: signer)
                let created = try await api.post(CommandBodies.liveStartPush(device: sn, key: "live"))
                #expect(created.status == .created)
                let id = try #require(created.json?["command_id"]?.stringValue)

                let done = try await api.command(id, wait: 20)
                let answeredAt = ContinuousClock.now
                let command = try #require(done.json)
                #expect(command["status"] == .string("SUCCEEDED"), "bridge log: \(bridgeLog)")
                #expect(command["response_code"] == .string("0"))
                #expect(command["response_message"] == .null)
                #expect(
                    command["vendor_response"]
                        == .object(["result": .integer(0), "output": .object(["status": .string("ok")])]))
                #expect(command["delivered_at"]?.stringValue != nil)
                #expect(command["completed_at"]?.stringValue != nil)
                #expect(command["progress"] == .null)

                let call = try #require(dock.calls.first { $0.method == "live_start_push" })
                let tid = try #require(call.tid)
                #expect(dock.callCount(tid: tid) == 1)
                #expect(call.data == CommandBodies.livePayload)
                // Loosely measured (the issue asks for about 50 ms): the long poll answers right after the
                // reply, far from its 20 s.
                if let replied = dock.replyInstant(tid: tid) {
                    let latency = answeredAt - replied
                    print("long poll answered \(latency) after the dock's reply")
                    #expect(latency < .seconds(1))
                }

                let job = try await api.post(
                    .object([
                        "vendor": .string("dji"), "device_id": .string(sn), "command_type": .string("cover_open"),
                        "idempotency_key": .string("cover"),
                    ]))
                let jobID = try #require(job.json?["command_id"]?.stringValue)
                #expect(try await api.command(jobID, wait: 20).json?["status"] == .string("SUCCEEDED"))
                var progress: JSONValue?
                let finished = await Eventually.check {
                    progress = try? await api.command(jobID).json?["progress"]
                    return progress?["status"] == .string("ok")
                }
                #expect(finished, "progress: \(String(describing: progress))")
                #expect(progress?["percent"] == .integer(100))
                #expect(progress?["step"] == .string("open_cover"))
                #expect(progress?["event"]?["method"] == .string("cover_open"))
            }
        }
        bridge.stop(signal: SIGTERM)
        try await fixture.drop()
    }
}
