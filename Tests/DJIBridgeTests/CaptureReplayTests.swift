import Foundation
import Shared
import TestSupport
import Testing

@testable import DJIBridge

/// The real Dock 3 + M4TD flight, replayed through a real broker into the bridge.
@Suite struct CaptureReplayTests {
    /// Everything the dock and the aircraft sent up; the cloud's own messages (services, *_reply) are left out.
    static let uplinkFiles = [
        "thing__product__SN_DOCK_FIXTURE__events.0001.prefix.jsonl",
        "thing__product__SN_DOCK_FIXTURE__osd.0001.prefix.jsonl",
        "thing__product__SN_DOCK_FIXTURE__state.0001.jsonl",
        "thing__product__SN_DOCK_FIXTURE__services_reply.0001.jsonl",
        "thing__product__SN_DRONE_FIXTURE__events.0001.jsonl",
        "thing__product__SN_DRONE_FIXTURE__osd.0001.prefix.jsonl",
        "thing__product__SN_DRONE_FIXTURE__state.0001.jsonl",
    ]

    @Test func theRecordedFlightIsUnderstoodAndAnswered() async throws {
        let lines = try Self.uplinkFiles.flatMap { try Capture.lines($0) }.sorted {
            $0.receivedMilliseconds < $1.receivedMilliseconds
        }
        let harness = try await BridgeHarness.make(name: "capture")
        try await harness.run { harness in
            // The recording starts after the dock connected, so its update_topo is not in it; a dock sends one on
            // every connect (reference §12), so the replay starts with the one this dock would have sent.
            let topoTID = UUID().uuidString.lowercased()
            try await harness.publish(
                "sys/product/SN_DOCK_FIXTURE/status",
                .updateTopo(tid: topoTID, type: 3, subDevices: [("SN_DRONE_FIXTURE", 100, 1)])
            )
            for line in lines { try await harness.publish(line.topic, line.payload) }

            let eventLines = lines.filter { $0.topic.hasSuffix("/events") }
            // 700 messages, many answered one at a time: on a loaded machine (the whole suite runs in parallel)
            // storing them all takes a while, so wait longer than the default.
            let stored = try await harness.eventually(
                timeout: .seconds(90),
                { connection in
                    try await connection.query("SELECT count(*)::int8 AS n FROM device_events WHERE tid IS NOT NULL")
                        .first?.decode(Int.self, column: "n") ?? 0
                }, until: { $0 >= eventLines.count })
            #expect(stored == eventLines.count)

            // Every message that asked for an answer got exactly one, on the right topic.
            var expected: [String: (topic: String, count: Int)] = [
                topoTID: ("sys/product/SN_DOCK_FIXTURE/status_reply", 1)
            ]
            for line in lines where line.line["payload"]?["need_reply"] == .integer(1) {
                let tid = try #require(line.line["payload"]?["tid"]?.stringValue)
                expected[tid, default: (line.topic + "_reply", 0)].count += 1
            }
            #expect(expected.count > 10)
            for (tid, want) in expected {
                let got = try await harness.awaitReplies(tid: tid, count: want.count)
                #expect(got.count == want.count, "tid \(tid)")
                #expect(
                    got.allSatisfy { $0.topic == want.topic && $0.message["data"] == .object(["result": .integer(0)]) })
            }

            // No message of a real flight is dropped as undecodable.
            #expect(!harness.capture.all.contains { $0.message == "dropped a message that is not a DJI envelope" })

            let devices = try await harness.eventually(
                { connection in
                    try await connection.query(DeviceQueries.all()).map(DeviceRecord.init(row:))
                }, until: { $0.count == 2 && $0.allSatisfy { $0.osdUpdatedAt != nil } })
            let dock = try #require(devices.first { $0.sn == "SN_DOCK_FIXTURE" })
            let drone = try #require(devices.first { $0.sn == "SN_DRONE_FIXTURE" })
            #expect(dock.model == "DJI Dock 3")
            #expect(drone.model == "Matrice 4TD")
            #expect(dock.online && drone.online)
            #expect(drone.gatewaySN == "SN_DOCK_FIXTURE")

            // The merged OSD holds the last value the capture shows for each key.
            let droneOSD = lines.filter { $0.topic == "thing/product/SN_DRONE_FIXTURE/osd" }
            let merged = try drone.osd.decode(JSONValue.self)
            for key in ["latitude", "longitude", "height", "battery"] {
                let last = droneOSD.compactMap { $0.line["payload"]?["data"]?[key] }.last
                #expect(last != nil, "the capture has \(key)")
                if case .object(let lastObject)? = last {
                    for (field, value) in lastObject { #expect(merged[key]?[field] == value, "\(key).\(field)") }
                } else {
                    #expect(merged[key] == last, "\(key)")
                }
            }
        }
        try await harness.tearDown()
    }
}
