import Foundation
import HummingbirdTesting
import Logging
import MQTTClient
import Shared
import TestSupport
import Testing

/// Two `dji-bridge` processes and two APIs on one database and one broker, as `docs/architecture.md` ("Several
/// bridges") describes them: the bridges split the docks' messages through the shared subscription `$share/…`
/// (mosquitto hands them out round-robin) and the commands through `SKIP LOCKED` claims; nothing is lost or
/// stored twice, and when one bridge is killed the other carries on alone.
@Suite(.timeLimit(.minutes(6))) struct SeveralBridgesTests {
    @Test func twoBridgesAndTwoAPIsShareTheWorkAndTheSurvivorTakesOverWhenOneIsKilled() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: BridgeProcess.binary.path), "build dji-bridge first")
        let broker = try TestBroker()
        try await broker.start()
        let database = try await TestDatabase.migrated()
        let api = APIDriver(database: database)
        let acme = try await api.tenant("acme")
        let prefix = "MB\(UUID().uuidString.prefix(6))"
        let docks = try (1...3).map { try SimulatedDock(sn: "\(prefix)-\($0)", model: .dock3, mqttURL: broker.url) }
        for dock in docks {
            try await database.device(sn: dock.sn, modelKey: dock.model.modelKey, online: true, tenantID: acme.id)
        }
        let fixture = SeveralBridgesFixture(
            database: database, broker: broker, tenantID: acme.id, signer: try await api.client(tenant: acme),
            docks: docks,
            uplink: try MQTTClient(
                configuration: MQTTConfiguration(url: broker.url, clientID: "\(prefix)-uplink"),
                logger: Logger(label: "uplink")),
            prefix: prefix)
        let firstAPI = try await api.app()
        let secondAPI = try await api.app()
        try await firstAPI.test(.router) { one in
            try await secondAPI.test(.router) { two in
                try await withThrowingTaskGroup(of: Void.self) { tasks in
                    tasks.addTask { try await fixture.uplink.run() }
                    try await fixture.uplink.waitUntilConnected(timeout: .seconds(30))
                    tasks.addTask { try await fixture.recordRequestReplies() }
                    try await fixture.withDocks {
                        try await Self.scenario(fixture, apis: [one, two])
                    }
                    tasks.cancelAll()
                }
            }
        }
        await broker.remove()
        try await database.drop()
    }

    static func scenario(_ fixture: SeveralBridgesFixture, apis: [any TestClientProtocol]) async throws {
        let killed = try fixture.startBridge("bridge-1")
        let survivor = try fixture.startBridge("bridge-2")
        defer { survivor.stop(signal: SIGTERM) }
        let logs = "bridge logs: \(killed.logFile.path) \(survivor.logFile.path)"
        let subscribed = await Eventually.check(timeout: .seconds(60)) {
            [killed, survivor].allSatisfy { $0.log.contains("subscribed to DJI uplink topics") }
        }
        try #require(subscribed, "\(logs)")

        // Commands through both APIs, each read back through the other: published once, SUCCEEDED.
        var commands: [UUID] = []
        for index in 0..<30 {
            commands.append(
                try await fixture.createCommand(
                    through: apis[index % 2], dock: fixture.docks[index % 3], key: "before-\(index)",
                    timeoutSeconds: 60))
        }
        for (index, id) in commands.enumerated() {
            let done = try await fixture.finished(id, readThrough: apis[(index + 1) % 2])
            #expect(done.record.status == .succeeded, "\(logs)")
            #expect(done.apiStatus == "SUCCEEDED")
            #expect(fixture.calls(done.record.tid) == 1, "published \(fixture.calls(done.record.tid)) times")
        }
        // Long-running jobs: their progress events are spread over both bridges and written concurrently; the
        // stored progress is the dock's last, never an older step written later.
        let steps = [25, 50, 75, 100].map {
            SimulatedDock.ProgressStep(status: $0 == 100 ? "ok" : "in_progress", percent: $0, step: "open_cover")
        }
        var jobs: [UUID] = []
        for (index, dock) in fixture.docks.enumerated() {
            dock.answer("cover_open", with: .progress(steps))
            jobs.append(
                try await fixture.createCommand(
                    through: apis[index % 2], dock: dock, key: "cover-\(index)", timeoutSeconds: 60,
                    method: "cover_open"))
        }
        for (index, id) in jobs.enumerated() {
            #expect(try await fixture.finished(id, readThrough: apis[index % 2]).record.status == .succeeded)
            var progress: JSONValue?
            let finished = try await Eventually.check(timeout: .seconds(60)) {
                progress = try await fixture.progress(id, readThrough: apis[(index + 1) % 2])
                return progress?["percent"] == .integer(100)
            }
            #expect(finished, "progress: \(String(describing: progress)) \(logs)")
            #expect(progress?["status"] == .string("ok"))
        }

        #expect(fixture.docks.map { $0.callCounts.values.reduce(0, +) }.reduce(0, +) == commands.count + jobs.count)
        // Round-robin delivery split the replies: each bridge correlated some, whoever published the command.
        for bridge in [killed, survivor] {
            #expect(bridge.log.contains("services_reply correlated"), "\(bridge.logFile.path)")
        }

        // Uplink from every dock: each event twice (a dock repeating an event it got no answer for), so copies of
        // one event reach both bridges; and partial telemetry, a different key per message.
        for dock in fixture.docks {
            for index in 0..<10 {
                try await fixture.publishEvent(from: dock, tid: "\(dock.sn)-event-\(index)", copies: 2)
            }
            for index in 0..<20 {
                try await dock.reportOSD(["part_\(index)": .integer(Int64(index)), "seq": .integer(Int64(index))])
            }
        }
        let eventsStored = try await Eventually.check(timeout: .seconds(60)) {
            try await fixture.storedEvents().tids == 30
        }
        #expect(eventsStored, "\(logs)")
        let telemetryStored = try await Eventually.check(timeout: .seconds(60)) {
            for dock in fixture.docks {
                let osd = try await fixture.osd(dock.sn)
                guard (0..<20).allSatisfy({ osd["part_\($0)"] == .integer(Int64($0)) }) else { return false }
            }
            return true
        }
        #expect(telemetryStored, "every partial osd message of every dock is merged, whichever bridge got it")

        // Two requests in a row, so round-robin gives one to each bridge; the integrator answers after the kill.
        let requestTIDs = [UUID().uuidString.lowercased(), UUID().uuidString.lowercased()]
        for (dock, tid) in zip(fixture.docks, requestTIDs) { try await fixture.publishRequest(from: dock, tid: tid) }
        let pending = try await Eventually.check(timeout: .seconds(60)) {
            try await fixture.storedRequests(tids: requestTIDs).count == 2
        }
        #expect(pending, "\(logs)")
        #expect(
            requestTIDs.contains { killed.log.contains($0) } && requestTIDs.contains { survivor.log.contains($0) },
            "each bridge received one of the requests: \(logs)")

        // SIGKILL one bridge while commands stream in: whatever it had claimed ends in a defined state, and the
        // survivor does everything else.
        let claimedByTheKilled = try await fixture.claimAsABridgeThatDiesBeforePublishing(
            dock: fixture.docks[0], timeoutSeconds: 8)
        var midStream: [UUID] = []
        for index in 0..<30 {
            midStream.append(
                try await fixture.createCommand(
                    through: apis[index % 2], dock: fixture.docks[index % 3], key: "mid-\(index)", timeoutSeconds: 10))
            if index == 10 {
                // The kernel closes the killed bridge's socket before `stop` returns, so the broker drops it from
                // the group as soon as it sees the connection end, before anything published after this point.
                killed.stop(signal: SIGKILL)
            }
        }
        var after: [UUID] = []
        for index in 0..<10 {
            after.append(
                try await fixture.createCommand(
                    through: apis[index % 2], dock: fixture.docks[index % 3], key: "after-\(index)",
                    timeoutSeconds: 60))
        }
        for id in after {
            let done = try await fixture.finished(id, readThrough: apis[1])
            #expect(done.record.status == .succeeded, "\(survivor.logFile.path)")
            #expect(fixture.calls(done.record.tid) == 1)
        }
        for id in midStream {
            let done = try await fixture.finished(id, readThrough: apis[0])
            let calls = fixture.calls(done.record.tid)
            #expect(calls <= 1, "published \(calls) times")
            switch (calls, done.record.status) {
            case (1, .succeeded):
                break
            case (0, .timedOut):
                // Claimed by the killed bridge, never published: never published again either.
                #expect(done.record.responseMessage == DeliveryReach.unconfirmed.timeoutMessage)
            case (1, .timedOut):
                // Published by the killed bridge; the dock's answer went to it and died with it.
                break
            default:
                Issue.record("command \(id): \(calls) calls, \(done.record.status) \(logs)")
            }
        }

        // Claimed and never published: never published by the survivor either, and TIMED_OUT at its deadline
        // saying the dock may not have received it.
        let abandoned = try await fixture.finished(claimedByTheKilled, readThrough: apis[1])
        #expect(abandoned.record.status == .timedOut)
        #expect(abandoned.apiStatus == "TIMED_OUT")
        #expect(abandoned.record.responseMessage == DeliveryReach.unconfirmed.timeoutMessage)
        #expect(fixture.calls(abandoned.record.tid) == 0)

        // The requests: whichever bridge received each, the survivor publishes the integrator's replies, once.
        let requests = try await fixture.storedRequests(tids: requestTIDs)
        #expect(requests.map(\.replyCode) == ["PENDING", "PENDING"])
        let replyData = JSONValue.object([
            "result": .integer(0),
            "output": .object([
                "file": .object([
                    "url": .string("https://bucket.example/wayline.kmz"),
                    "fingerprint": .string("9e107d9d372bb6826bd81d3542a419d6"),
                ])
            ]),
        ])
        for (index, request) in requests.enumerated() {
            let queued = try await apis[index % 2].signed(
                .post, "/api/v1/open/device-requests/\(NotificationChannel.payload(request.id))/reply",
                by: fixture.signer, body: JSONValue.object(["data": replyData]).jsonText)
            #expect(queued.status == .accepted, "\(queued.json?.jsonText ?? "")")
        }
        let sent = try await Eventually.check(timeout: .seconds(60)) {
            try await fixture.storedRequests(tids: requestTIDs).allSatisfy { $0.replyCode == "SENT" }
        }
        #expect(sent, "\(survivor.logFile.path)")
        for tid in requestTIDs {
            let published = fixture.requestReplies.all.filter { $0.message["tid"] == .string(tid) }
            #expect(published.count == 1, "requests_reply for \(tid) published \(published.count) times")
            #expect(published.first?.message["data"] == replyData)
        }

        // Uplink after the kill lands through the survivor alone.
        #expect(try await fixture.reportUntilStored("after_kill", .bool(true)), "\(survivor.logFile.path)")
        for dock in fixture.docks {
            try await fixture.publishEvent(from: dock, tid: "\(dock.sn)-after-kill", copies: 2)
        }
        let lateEvents = try await Eventually.check(timeout: .seconds(60)) {
            try await fixture.storedEvents().tids == 33
        }
        #expect(lateEvents, "\(survivor.logFile.path)")

        // Long after every copy was handled: one row per event, and no reply was mistaken for a stray.
        let events = try await fixture.storedEvents()
        #expect(events.rows == events.tids)
        let strays = try await fixture.scalar(
            "SELECT count(*)::int8 AS n FROM downlink_replies_unmatched WHERE reason IN ('duplicate', 'unknown_tid')")
        #expect(strays == 0, "\(logs)")
    }
}
