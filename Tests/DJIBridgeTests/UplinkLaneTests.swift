import MQTTClient
import Testing

@testable import DJIBridge

/// The bounded lanes between the uplink router's dispatcher and its workers, and how topics are assigned to them.
@Suite struct UplinkLaneTests {
    private static func message(_ index: Int) -> MQTTMessage {
        MQTTMessage(topic: "thing/product/SN/osd", payload: Array("\(index)".utf8), qos: .atLeastOnce, retain: false)
    }

    @Test func aReaderGetsEveryMessageInOrderThroughASmallLane() async {
        let lane = UplinkLane(capacity: 4)
        let count = 5_000
        async let received: [Int] = {
            var received: [Int] = []
            while let message = await lane.next() {
                received.append(Int(String(decoding: message.payload, as: UTF8.self)) ?? -1)
            }
            return received
        }()
        for index in 0..<count { await lane.send(Self.message(index)) }
        lane.finish()
        #expect(await received == Array(0..<count))
    }

    @Test func aFinishedLaneHandsOutWhatItHoldsThenEnds() async {
        let lane = UplinkLane(capacity: 8)
        await lane.send(Self.message(1))
        await lane.send(Self.message(2))
        lane.finish()
        #expect(await lane.next() == Self.message(1))
        #expect(await lane.next() == Self.message(2))
        #expect(await lane.next() == nil)
        #expect(await lane.next() == nil)
    }

    @Test func aWaitingReaderEndsWhenTheLaneFinishes() async {
        let lane = UplinkLane(capacity: 8)
        async let next = lane.next()
        lane.finish()
        #expect(await next == nil)
    }

    @Test func everyTopicOfOneSNGoesToTheSameLane() {
        for count in [1, 2, 3, 8] {
            for sn in ["DOCK3-A", "1581F6Q8D23CT00A00KB", "x"] {
                let lanes = Set(
                    [
                        "sys/product/\(sn)/status", "thing/product/\(sn)/osd", "thing/product/\(sn)/state",
                        "thing/product/\(sn)/events", "thing/product/\(sn)/requests",
                        "thing/product/\(sn)/services_reply",
                    ]
                    .map { UplinkRouter.lane(of: $0, count: count) })
                #expect(lanes.count == 1, "\(sn) over \(count) lanes")
                #expect(lanes.allSatisfy { (0..<count).contains($0) })
            }
        }
        #expect(UplinkRouter.lane(of: "no-sn", count: 4) == 0)
    }

    @Test func manyDevicesSpreadOverAllLanes() {
        let lanes = (0..<200).map { UplinkRouter.lane(of: "thing/product/BENCH\($0)/osd", count: 4) }
        #expect(Set(lanes) == [0, 1, 2, 3])
        // No lane takes more than half of them.
        #expect(Dictionary(grouping: lanes, by: { $0 }).values.allSatisfy { $0.count < 100 })
    }
}
