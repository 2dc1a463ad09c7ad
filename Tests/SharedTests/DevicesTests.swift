import Foundation
import Testing

@testable import Shared

@Suite struct TopologyChangeTests {
    let topology = DJITopology(
        gateway: .init(sn: "DOCK", domain: 3, type: 3, subType: 0),
        subDevices: [.init(sn: "AIR-2", domain: 0, type: 100, subType: 1)]
    )

    @Test func newDevicesComeOnline() {
        let change = TopologyChange(known: [], topology: topology)
        #expect(change.cameOnline == ["DOCK", "AIR-2"])
        #expect(change.wentOffline.isEmpty)
    }

    @Test func devicesAlreadyOnlineCauseNoChange() {
        let known = [
            TopologyChange.Known(sn: "DOCK", online: true, gatewaySN: nil),
            .init(sn: "AIR-2", online: true, gatewaySN: "DOCK"),
        ]
        let change = TopologyChange(known: known, topology: topology)
        #expect(change.cameOnline.isEmpty)
        #expect(change.wentOffline.isEmpty)
    }

    @Test func anAircraftNoLongerListedGoesOffline() {
        let known = [
            TopologyChange.Known(sn: "DOCK", online: true, gatewaySN: nil),
            .init(sn: "AIR-1", online: true, gatewaySN: "DOCK"),
            .init(sn: "AIR-OLD", online: false, gatewaySN: "DOCK"),
            .init(sn: "AIR-ELSEWHERE", online: true, gatewaySN: "OTHER-DOCK"),
        ]
        let change = TopologyChange(known: known, topology: topology)
        #expect(change.cameOnline == ["AIR-2"])
        #expect(change.wentOffline == ["AIR-1"])
    }
}

@Suite struct TelemetryBufferTests {
    let start = Date(timeIntervalSince1970: 1_767_225_600)

    @Test func messagesOfOneDeviceMergeIntoOneRow() {
        let buffer = TelemetryBuffer()
        buffer.record(
            sn: "D", gatewaySN: nil, kind: .osd, data: .object(["a": .integer(1), "n": .object(["x": .integer(1)])]),
            at: start)
        buffer.record(
            sn: "D", gatewaySN: nil, kind: .osd, data: .object(["n": .object(["y": .integer(2)])]), at: start + 1)
        buffer.record(
            sn: "D", gatewaySN: nil, kind: .state, data: .object(["firmware_version": .string("10.1")]), at: start + 2)
        let rows = buffer.drain()
        #expect(rows.count == 1)
        #expect(rows[0].osd == .object(["a": .integer(1), "n": .object(["x": .integer(1), "y": .integer(2)])]))
        #expect(rows[0].osdAt == start + 1)
        #expect(rows[0].stateAt == start + 2)
        #expect(rows[0].seenAt == start + 2)
        #expect(rows[0].firmwareVersion == "10.1")
        #expect(buffer.count == 0)
    }

    @Test func aFailedBatchGoesBackUnderNewerData() {
        let buffer = TelemetryBuffer()
        buffer.record(
            sn: "D", gatewaySN: "G", kind: .osd, data: .object(["a": .integer(1), "b": .integer(1)]), at: start)
        let failed = buffer.drain()
        buffer.record(sn: "D", gatewaySN: nil, kind: .osd, data: .object(["b": .integer(2)]), at: start + 5)
        buffer.restore(failed)
        let rows = buffer.drain()
        #expect(rows.count == 1)
        #expect(rows[0].osd == .object(["a": .integer(1), "b": .integer(2)]))
        #expect(rows[0].gatewaySN == "G")
        #expect(rows[0].osdAt == start + 5)
    }

    @Test func theFlushRowCarriesEveryColumn() {
        let buffer = TelemetryBuffer()
        buffer.record(sn: "D", gatewaySN: nil, kind: .state, data: .object(["k": .bool(true)]), at: start)
        let row = buffer.drain()[0].row
        #expect(row["sn"] == .string("D"))
        #expect(row["osd"] == .null)
        #expect(row["osd_at"] == .null)
        #expect(row["state"] == .object(["k": .bool(true)]))
        #expect(row["seen_at"] == .string("2026-01-01T00:00:00.000Z"))
    }
}

@Suite struct EventBufferTests {
    @Test func aFailedBatchKeepsArrivalOrder() {
        let buffer = EventBuffer()
        func event(_ method: String) -> EventBuffer.Pending {
            .init(
                deviceSN: "D", gatewaySN: nil, method: method, tid: nil, bid: nil, needReply: false, data: .object([:]),
                receivedAt: Date())
        }
        buffer.append(event("a"))
        buffer.append(event("b"))
        let failed = buffer.drain()
        buffer.append(event("c"))
        buffer.restore(failed)
        #expect(buffer.drain().map(\.method) == ["a", "b", "c"])
    }
}

@Suite struct RecentMessagesTests {
    @Test func theSameTopicAndTidIsADuplicateWithinTheWindow() {
        var recent = RecentMessages(window: .seconds(60))
        let now = ContinuousClock.now
        let seen = [
            recent.isDuplicate(topic: "t/a", tid: "1", at: now),
            recent.isDuplicate(topic: "t/a", tid: "1", at: now + .seconds(10)),
            recent.isDuplicate(topic: "t/b", tid: "1", at: now + .seconds(10)),
            recent.isDuplicate(topic: "t/a", tid: "2", at: now + .seconds(10)),
            recent.isDuplicate(topic: "t/a", tid: "1", at: now + .seconds(71)),
        ]
        #expect(seen == [false, true, false, false, false])
    }

    @Test func memoryIsBoundedByCapacity() {
        var recent = RecentMessages(window: .seconds(600), capacity: 100)
        let now = ContinuousClock.now
        for index in 0..<1000 { _ = recent.isDuplicate(topic: "t", tid: "\(index)", at: now) }
        // The oldest were forgotten; the newest are still known.
        let newest = recent.isDuplicate(topic: "t", tid: "999", at: now)
        let oldest = recent.isDuplicate(topic: "t", tid: "0", at: now)
        #expect(newest)
        #expect(!oldest)
    }
}
