import Foundation
import Shared
import TestSupport
import Testing

@testable import DJIBridge

/// When a command is published: only while its device is online and before its deadline, again when the broker
/// had nobody to deliver it to, and never after its deadline.
@Suite(.timeLimit(.minutes(2))) struct DownlinkDeliveryTests {
    /// Long enough for several dispatcher scans (every 500 ms): the time a test gives the bridge to do something
    /// it must not do.
    static let quietPeriod: Duration = .milliseconds(1500)

    @Test func aCommandWaitsWhileTheDeviceIsOfflineAndIsPublishedWhenItComesOnline() async throws {
        let fixture = try await DownlinkFixture.make()
        let dock = try fixture.dock("dock")
        try await fixture.register(dock, online: false)
        try await dock.withRunning {
            try await fixture.withBridge {
                let command = try await fixture.command(dock.sn, "cover_close", timeoutSeconds: 30)
                try await Task.sleep(for: Self.quietPeriod)
                let waiting = try await fixture.reload(command)
                #expect(waiting.status == .accepted)
                #expect(dock.callCounts.isEmpty)
                try await fixture.database.setOnline(dock.sn, true)
                let done = try await fixture.finished(command)
                #expect(done.status == .succeeded)
                #expect(dock.callCount(tid: NotificationChannel.payload(command.tid)) == 1)
            }
        }
        try await fixture.drop()
    }

    @Test func aCommandWhoseDeviceStaysOfflineTimesOutAndIsNeverPublished() async throws {
        let fixture = try await DownlinkFixture.make()
        let dock = try fixture.dock("dock")
        try await fixture.register(dock, online: false)
        try await dock.withRunning {
            try await fixture.withBridge {
                let command = try await fixture.command(dock.sn, "cover_close", timeoutSeconds: 1)
                let done = try await fixture.finished(command)
                #expect(done.status == .timedOut)
                #expect(done.responseMessage == DeliveryReach.neverPublished.timeoutMessage)
                #expect(done.deliveredAt == nil)
                try await fixture.database.setOnline(dock.sn, true)
                try await Task.sleep(for: Self.quietPeriod)
                #expect(dock.callCounts.isEmpty)
                #expect(try await fixture.reload(command).status == .timedOut)
            }
        }
        try await fixture.drop()
    }

    @Test func aCommandNobodySubscribesToIsNotDeliveredAndIsPublishedAgainWhenTheDockConnects() async throws {
        let fixture = try await DownlinkFixture.make()
        let dock = try fixture.dock("dock")
        // Online in the registry, but not connected to the broker: MQTT 5 PUBACK 0x10, no matching subscribers.
        try await fixture.register(dock)
        try await fixture.withBridge {
            let command = try await fixture.command(dock.sn, "cover_open", timeoutSeconds: 30)
            let retried = await Eventually.check {
                let attempts = try? await fixture.database.withConnection { connection in
                    try await connection.query(
                        "SELECT publish_attempts FROM downlink_commands WHERE id = \(command.id)"
                    ).first?.decode(Int.self, column: "publish_attempts")
                }
                return (attempts ?? 0) >= 2
            }
            #expect(retried)
            let waiting = try await fixture.reload(command)
            #expect(waiting.status == .accepted)
            #expect(waiting.deliveredAt == nil)
            try await dock.withRunning {
                let done = try await fixture.finished(command)
                #expect(done.status == .succeeded)
                #expect(dock.callCount(tid: NotificationChannel.payload(command.tid)) == 1)
            }
        }
        try await fixture.drop()
    }

    @Test func progressEventsUpdateALongRunningCommandAfterItSucceeded() async throws {
        let fixture = try await DownlinkFixture.make()
        let steps = [
            SimulatedDock.ProgressStep(status: "in_progress", percent: 40, step: "open_cover"),
            SimulatedDock.ProgressStep(status: "ok", percent: 100, step: "open_cover"),
        ]
        let dock = try fixture.dock("dock", defaultBehaviour: .progress(steps))
        try await fixture.register(dock)
        try await dock.withRunning {
            try await fixture.withBridge {
                let command = try await fixture.command(dock.sn, "cover_open")
                // Replies and progress events are handled by two services, so the last progress event may be
                // stored before the reply that preceded it on the wire: wait for both.
                let done = try await fixture.database.waitForCommand(command.id, tenantID: fixture.tenantID) {
                    $0.progress?["status"] == .string("ok") && $0.status == .succeeded
                }
                #expect(done.status == .succeeded)
                #expect(done.vendorResponse?["output"]?["status"] == .string("in_progress"))
                let progress = try #require(done.progress)
                #expect(progress["percent"] == .integer(100))
                #expect(progress["step"] == .string("open_cover"))
                #expect(progress["result"] == .integer(0))
                #expect(progress["event"]?["bid"] == .string(NotificationChannel.payload(command.bid)))
                #expect(progress["event"]?["method"] == .string("cover_open"))
                #expect(progress["updated_at"]?.stringValue != nil)
            }
        }
        try await fixture.drop()
    }

    @Test func flightTaskProgressFindsItsCommandByFlightID() async throws {
        let fixture = try await DownlinkFixture.make()
        let dock = try fixture.dock(
            "dock",
            defaultBehaviour: .progress([
                SimulatedDock.ProgressStep(status: "in_progress", percent: 10, step: "takeoff")
            ]))
        try await fixture.register(dock)
        try await dock.withRunning {
            try await fixture.withBridge {
                let flightID = UUID().uuidString.lowercased()
                let command = try await fixture.command(
                    dock.sn, "flighttask_execute", payload: .object(["flight_id": .string(flightID)]))
                let done = try await fixture.database.waitForCommand(command.id, tenantID: fixture.tenantID) {
                    $0.progress != nil
                }
                #expect(done.status == .succeeded)
                #expect(done.progress?["percent"] == .integer(10))
                #expect(done.progress?["event"]?["method"] == .string("flighttask_progress"))
                #expect(done.progress?["event"]?["bid"] == .string(flightID))
            }
        }
        try await fixture.drop()
    }
}
