import Foundation
import Logging
import MQTTClient
import Shared
import TestSupport
import Testing

/// The built `dock-sim` binary: against the test broker, observed by a plain MQTT client (what it publishes by
/// itself, how it answers a service call), and against a real bridge, as a newcomer runs it (it binds with a
/// code, streams telemetry, and answers commands as `--answer` says).
@Suite(.timeLimit(.minutes(3))) struct DockSimulatorTests {
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

    @Test func bindsWithACodeStreamsTelemetryAndFailsACommandAsAnswerSays() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build dock-sim first")
        let harness = try await BridgeHarness.make(name: "docksim").configured(RequestTestConfiguration.apply)
        let api = APIDriver(database: harness.database)
        let acme = try await api.tenant("acme")
        let signer = try await api.client(tenant: acme)
        let credential = try await SimulatedDockBridgeTests.credential(harness, tenant: acme)
        let index = Int.random(in: 10_000...99_999)
        let hardware = SimulatedHardware(model: .dock3, index: index)

        let process = Process()
        process.executableURL = Self.binary
        process.arguments = [
            "--first-index", "\(index)", "--osd-hz", "2", "--events-per-minute", "120", "--summary-every", "1",
            "--binding-code", credential.bindingCode, "--organization-id", credential.organizationID,
            "--answer", "live_start_push=fail:513003", "--answer", "*=succeed", "--seconds", "150",
        ]
        process.environment = ["MQTT_URL": harness.broker.url, "PATH": "/usr/bin:/bin"]
        let stdout = Pipe()
        process.standardOutput = stdout

        try await api.app().test(.router) { client in
            try await harness.run { harness in
                try process.run()
                defer { if process.isRunning { process.terminate() } }

                // Bound to acme, dock and aircraft, without anyone assigning them.
                let tenants = try await harness.eventually(
                    timeout: .seconds(60),
                    { try await SimulatedDockBridgeTests.tenants($0, [hardware.dockSN, hardware.aircraftSN]) },
                    until: { $0.values.allSatisfy { $0 == acme.id } && $0.count == 2 })
                #expect(tenants == [hardware.dockSN: acme.id, hardware.aircraftSN: acme.id])

                // The aircraft's OSD and state and its HMS reports arrive beside the dock's OSD.
                let stored = try await harness.eventually(
                    timeout: .seconds(60),
                    { connection in
                        let telemetry = try await connection.query(
                            "SELECT sn FROM device_telemetry WHERE sn IN (\(hardware.dockSN), \(hardware.aircraftSN)) AND osd ? 'mode_code'"
                        ).count
                        let hms = try await connection.query(
                            "SELECT id FROM device_events WHERE device_sn = \(hardware.aircraftSN) AND method = 'hms'"
                        ).count
                        return (telemetry, hms)
                    }, until: { $0.0 == 2 && $0.1 > 0 })
                #expect(stored.0 == 2 && stored.1 > 0)

                // live_start_push fails with the code --answer gave; anything else succeeds (*=succeed).
                let created = try await client.signed(
                    .post, "/api/v1/open/downlink/commands", by: signer,
                    body: JSONValue.object([
                        "vendor": .string("dji"), "device_id": .string(hardware.dockSN),
                        "command_type": .string("live_start_push"), "idempotency_key": .string("sim-1"),
                        "payload": .object([
                            "url_type": .integer(1), "url": .string("rtmp://127.0.0.1/live/dock"),
                            "video_id": .string("\(hardware.dockSN)/165-0-7/normal-0"), "video_quality": .integer(0),
                        ]),
                    ]).jsonText)
                #expect(
                    created.status == .accepted || created.status == .created, "\(String(describing: created.json))")
                let id = try #require(created.json?["command_id"]?.stringValue)
                let failed = try await client.signed(
                    .get, "/api/v1/open/downlink/commands/\(id)?wait_seconds=30", by: signer)
                #expect(failed.json?["status"] == .string("FAILED"))
                #expect(failed.json?["response_code"] == .string("513003"))

                let home = try await client.signed(
                    .post, "/api/v1/open/downlink/commands", by: signer,
                    body: JSONValue.object([
                        "vendor": .string("dji"), "device_id": .string(hardware.dockSN),
                        "command_type": .string("return_home"), "payload": .object([:]),
                        "idempotency_key": .string("sim-2"),
                    ]).jsonText)
                let homeID = try #require(home.json?["command_id"]?.stringValue)
                let returned = try await client.signed(
                    .get, "/api/v1/open/downlink/commands/\(homeID)?wait_seconds=30", by: signer)
                #expect(returned.json?["status"] == .string("SUCCEEDED"))

                // SIGTERM ends the run as --seconds does, with the final summary.
                process.terminate()
                process.waitUntilExit()
            }
        }
        let output = String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationReason == .exit && process.terminationStatus == 0, "\(output)")
        #expect(
            output.contains("\(hardware.dockSN) bound to organization \(credential.organizationID) (acme Ops)"),
            "\(output)")
        #expect(output.contains("--answer live_start_push=fail:513003"))
        let final = try #require(output.split(separator: "\n").last { $0.contains("stopped after") }, "\(output)")
        #expect(final.contains("2 commands answered"), "\(final)")
        #expect(final.contains("1/1 docks bound"), "\(final)")
        #expect(final.contains("requests 3 answered/0 unanswered"), "\(final)")
        let replied = try #require(final.firstMatch(of: /(\d+) state sent \((\d+) replied\)/), "\(final)")
        #expect(Int(replied.output.2) ?? 0 >= 1, "\(final)")
        #expect(final.contains(/[1-9]\d* events sent/), "\(final)")
        try await harness.tearDown()
    }

    @Test(
        arguments: [
            (["--answer", "cover_open=late"], "--answer 'cover_open=late': late needs a delay in milliseconds"),
            (["--answer", "cover_opn=succeed"], "'cover_opn' is not a method of dockgate's command catalog"),
            (["--binding-code", "ABC"], "--binding-code and --organization-id go together"),
            (["--events-per-minute=-1"], "--events-per-minute must be from 0 to 6000"),
        ])
    func aMistypedOptionStopsDockSimBeforeItConnectsAndSaysWhy(arguments: [String], message: String) throws {
        let run = try BuiltBinary.run("dock-sim", arguments, environment: ["MQTT_URL": "mqtt://127.0.0.1:1"])
        #expect(run.status == 64, "\(run.stderr)")
        #expect(run.stderr.contains(message), "\(run.stderr)")
    }
}
