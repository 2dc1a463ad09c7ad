import Foundation
import Logging
import MQTTClient
import Shared
import TestSupport
import Testing

@testable import DJIBridge

/// The bridge's half of a command's life against a real broker, a real database and simulated docks: publish,
/// correlate, time out, keep what does not match, follow progress.
@Suite(.timeLimit(.minutes(2))) struct DownlinkCommandTests {
    static let livePayload: JSONValue = .object([
        "url_type": .integer(1), "url": .string("rtmp://example.com/live/1"),
        "video_id": .string("1581F8HGX254V00A0001/99-0-0/normal-0"), "video_quality": .integer(0),
    ])

    @Test(arguments: [DockModel.dock2, .dock3])
    func aCommandIsPublishedOnceToTheGatewayAndSucceeds(model: DockModel) async throws {
        let fixture = try await DownlinkFixture.make()
        let dock = try fixture.dock(
            "dock", model: model, defaultBehaviour: .succeed(output: .object(["x": .integer(1)])))
        try await fixture.register(dock)
        try await dock.withRunning {
            try await fixture.withBridge {
                let command = try await fixture.command(dock.sn, "live_start_push", payload: Self.livePayload)
                let done = try await fixture.finished(command)
                #expect(done.status == .succeeded)
                #expect(done.responseCode == "0")
                #expect(done.responseMessage == nil)
                #expect(done.vendorResponse == .object(["result": .integer(0), "output": .object(["x": .integer(1)])]))
                #expect(done.deliveredAt != nil)
                #expect(done.completedAt != nil)
                let tid = NotificationChannel.payload(command.tid)
                #expect(dock.callCount(tid: tid) == 1)
                let call = try #require(dock.calls.first)
                #expect(call.method == "live_start_push")
                #expect(call.bid == NotificationChannel.payload(command.bid))
                #expect(call.data == Self.livePayload)
                #expect(call.timestamp != nil)
            }
        }
        try await fixture.drop()
    }

    @Test func aCommandForAnAircraftGoesToItsDock() async throws {
        let fixture = try await DownlinkFixture.make()
        let dock = try fixture.dock("dock")
        try await fixture.register(dock)
        let aircraft = fixture.sn("aircraft")
        try await fixture.database.device(
            sn: aircraft, gatewaySN: dock.sn, modelKey: "0-100-1", online: true, tenantID: fixture.tenantID)
        try await dock.withRunning {
            try await fixture.withBridge {
                let command = try await fixture.command(aircraft, "return_home", gatewaySN: dock.sn)
                #expect(try await fixture.finished(command).status == .succeeded)
                #expect(dock.callCount(tid: NotificationChannel.payload(command.tid)) == 1)
                #expect(dock.calls.first?.data == .object([:]))
            }
        }
        try await fixture.drop()
    }

    @Test(
        arguments: [
            (SimulatedDock.Behaviour.fail(result: 319_025, extra: [:]), "319025", nil),
            (
                .fail(result: 1, extra: ["code": .integer(316_009), "message": .string("battery below 50 %")]),
                "316009",
                "battery below 50 %"
            ),
            (.fail(result: 514_103, extra: ["msg": .string("battery low")]), "514103", "battery low"),
            (.fail(result: 2, extra: ["description": .string("no camera")]), "2", "no camera"),
        ] as [(SimulatedDock.Behaviour, String, String?)])
    func anErrorReplyFailsTheCommandWithItsCodeAndMessage(
        behaviour: SimulatedDock.Behaviour, code: String, message: String?
    ) async throws {
        let fixture = try await DownlinkFixture.make()
        let dock = try fixture.dock("dock", defaultBehaviour: behaviour)
        try await fixture.register(dock)
        try await dock.withRunning {
            try await fixture.withBridge {
                let done = try await fixture.finished(try await fixture.command(dock.sn, "cover_open"))
                #expect(done.status == .failed)
                #expect(done.responseCode == code)
                #expect(done.responseMessage == message)
                #expect(done.vendorResponse?["result"] != nil)
            }
        }
        try await fixture.drop()
    }

    @Test func noReplyTimesOutSayingItWasDeliveredAndALateReplyIsKeptWithoutChangingIt() async throws {
        let fixture = try await DownlinkFixture.make()
        // A 3 s deadline leaves a loaded machine (the whole suite runs in parallel) time to deliver first; the
        // reply comes 2 s after it.
        let dock = try fixture.dock("dock", defaultBehaviour: .late(.seconds(5), .succeed))
        try await fixture.register(dock)
        try await dock.withRunning {
            try await fixture.withBridge {
                let command = try await fixture.command(dock.sn, "debug_mode_open", timeoutSeconds: 3)
                let done = try await fixture.finished(command)
                #expect(done.status == .timedOut)
                #expect(done.responseMessage == DeliveryReach.delivered.timeoutMessage)
                #expect(done.deliveredAt != nil)
                let completedAt = try #require(done.completedAt)
                // The sweeper runs every 250 ms; allow a generous margin on a loaded machine.
                #expect(completedAt.timeIntervalSince(done.deadlineAt) < 1.5)
                let kept = try await fixture.database.waitForUnmatchedReplies(gatewaySN: dock.sn, count: 1)
                #expect(kept.map(\.reason) == ["late"])
                #expect(kept.first?.commandID == command.id)
                #expect(kept.first?.tid == NotificationChannel.payload(command.tid))
                let after = try await fixture.reload(command)
                #expect(after.status == .timedOut)
                #expect(after.completedAt == done.completedAt)
                #expect(after.vendorResponse == nil)
            }
        }
        try await fixture.drop()
    }

    @Test func aDuplicateReplyIsKeptAndTheCommandKeepsTheFirst() async throws {
        let fixture = try await DownlinkFixture.make()
        let dock = try fixture.dock("dock", defaultBehaviour: .twice(.succeed))
        try await fixture.register(dock)
        try await dock.withRunning {
            try await fixture.withBridge {
                let command = try await fixture.command(dock.sn, "supplement_light_open")
                #expect(try await fixture.finished(command).status == .succeeded)
                let kept = try await fixture.database.waitForUnmatchedReplies(gatewaySN: dock.sn, count: 1)
                #expect(kept.map(\.reason) == ["duplicate"])
                #expect(kept.first?.commandID == command.id)
                #expect(try await fixture.reload(command).status == .succeeded)
            }
        }
        try await fixture.drop()
    }

    @Test func aReplyWithAnotherMethodMakesTheCommandUnmatched() async throws {
        let fixture = try await DownlinkFixture.make()
        let dock = try fixture.dock("dock", defaultBehaviour: .wrongMethod("cover_close", .succeed))
        try await fixture.register(dock)
        try await dock.withRunning {
            try await fixture.withBridge {
                let command = try await fixture.command(dock.sn, "cover_open")
                let done = try await fixture.finished(command)
                #expect(done.status == .unmatchedResponse)
                #expect(done.responseMessage?.contains("cover_close") == true)
                #expect(done.vendorResponse == .object(["result": .integer(0)]))
                let kept = try await fixture.database.waitForUnmatchedReplies(gatewaySN: dock.sn, count: 1)
                #expect(kept.map(\.reason) == ["method_mismatch"])
                #expect(kept.first?.method == "cover_close")
            }
        }
        try await fixture.drop()
    }

    @Test func repliesWithAnUnknownTIDOrNoDataAreKeptForOperators() async throws {
        let fixture = try await DownlinkFixture.make()
        let gateway = fixture.sn("dock")
        let publisher = try MQTTClient(
            configuration: MQTTConfiguration(url: TestServers.mqttURL, clientID: "publisher-\(fixture.prefix)"),
            logger: Logger(label: "test"))
        let probeTID = UUID().uuidString.lowercased()
        let messages = [
            #"{"tid":"\#(probeTID)","bid":"b","method":"cover_open","data":{"result":0}}"#,
            #"{"tid":"not-a-uuid","method":"cover_open","data":{"result":0}}"#,
            #"{"method":"cover_open","data":{"result":0}}"#,
            #"{"tid":"\#(UUID().uuidString.lowercased())","method":"cover_open","data":[1]}"#,
        ]
        try await fixture.withBridge {
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await publisher.run() }
                try await publisher.waitUntilConnected(timeout: .seconds(20))
                // The bridge subscribes right after it connects; publish until it has kept the first message.
                let topic = DJITopic(sn: gateway, kind: .servicesReply).description
                let heard = await Eventually.check {
                    _ = try? await publisher.publish(topic: topic, payload: Array(messages[0].utf8), qos: .atLeastOnce)
                    return (try? await fixture.database.unmatchedReplies(gatewaySN: gateway).isEmpty) == false
                }
                #expect(heard)
                for message in messages.dropFirst() {
                    try await publisher.publish(topic: topic, payload: Array(message.utf8), qos: .atLeastOnce)
                }
                // Copies of the probe may still be on their way; judge the three other messages alone.
                let others = { @Sendable in
                    try await fixture.database.unmatchedReplies(gatewaySN: gateway).filter { $0.tid != probeTID }
                }
                _ = try await Eventually.check { try await others().count >= 3 }
                let kept = try await fixture.database.unmatchedReplies(gatewaySN: gateway)
                #expect(Set(kept.map(\.reason)) == ["unknown_tid", "unreadable"])
                #expect(try await others().map(\.reason).sorted() == ["unknown_tid", "unknown_tid", "unreadable"])
                #expect(kept.allSatisfy { $0.commandID == nil })
                #expect(kept.allSatisfy { $0.message["method"] == .string("cover_open") })
                tasks.cancelAll()
            }
        }
        try await fixture.drop()
    }
}
