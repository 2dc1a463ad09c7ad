import Foundation
import Logging
import Shared
import TestSupport
import Testing

@testable import DJIBridge

/// What docks send up, through a real broker into a real bridge and database.
@Suite struct UplinkIngestTests {
    @Test func topologyRegistersTheDockAndItsAircraftAndAnswers() async throws {
        let harness = try await BridgeHarness.make(name: "topo")
        try await harness.run { harness in
            let tid = UUID().uuidString.lowercased()
            try await harness.publish(
                "sys/product/DOCK3-A/status",
                .updateTopo(tid: tid, type: 3, subDevices: [("M4TD-A", 100, 1)])
            )
            let replies = try await harness.awaitReplies(tid: tid)
            #expect(replies.count == 1)
            #expect(replies.first?.topic == "sys/product/DOCK3-A/status_reply")
            #expect(replies.first?.message["method"] == .string("update_topo"))
            #expect(replies.first?.message["data"] == .object(["result": .integer(0)]))

            let aircraft = try await harness.eventually(
                { connection in
                    try await connection.query("SELECT sn, gateway_sn, model_key, online FROM devices ORDER BY sn")
                        .map {
                            (
                                $0.sn, try $0.decode(String?.self, column: "gateway_sn"),
                                try $0.decode(String?.self, column: "model_key"),
                                try $0.decode(Bool.self, column: "online")
                            )
                        }
                }, until: { $0.count == 2 })
            #expect(aircraft.map(\.0) == ["DOCK3-A", "M4TD-A"])
            #expect(aircraft.map(\.2) == ["3-3-0", "0-100-1"])
            #expect(aircraft.map(\.1) == [nil, "DOCK3-A"])
            #expect(aircraft.allSatisfy { $0.3 })

            // The aircraft leaves: sub_devices is empty.
            try await harness.publish("sys/product/DOCK3-A/status", .updateTopo(type: 3, subDevices: []))
            let offline = try await harness.eventually(
                { connection in
                    try await connection.query("SELECT online FROM devices WHERE sn = 'M4TD-A'").first?.decode(
                        Bool.self, column: "online")
                }, until: { $0 == false })
            #expect(offline == false)
            let events = try await harness.database.withConnection { connection in
                try await connection.query("SELECT device_sn, method FROM device_events ORDER BY id")
                    .map {
                        "\(try $0.decode(String.self, column: "device_sn")) \(try $0.decode(String.self, column: "method"))"
                    }
            }
            #expect(events == ["DOCK3-A device_online", "M4TD-A device_online", "M4TD-A device_offline"])
        }
        try await harness.tearDown()
    }

    @Test func anAircraftJoinsItsDocksTenant() async throws {
        let harness = try await BridgeHarness.make(name: "tenant")
        let tenantID = try await harness.database.withConnection { connection in
            let tenant = try Tenant(
                row: try await connection.query(
                    TenantQueries.insert(name: "acme", organizationID: "o", organizationName: "acme"))[0])
            try await connection.query(DeviceQueries.assign(sn: "DOCK2-T", tenantID: tenant.id))
            return tenant.id
        }
        try await harness.run { harness in
            try await harness.publish(
                "sys/product/DOCK2-T/status", .updateTopo(type: 2, subDevices: [("M3TD-T", 91, 1)]))
            let tenant = try await harness.eventually(
                { connection in
                    try await connection.query("SELECT tenant_id FROM devices WHERE sn = 'M3TD-T'").first?.decode(
                        UUID?.self, column: "tenant_id")
                }, until: { $0 != nil })
            #expect(tenant == tenantID)
        }
        try await harness.tearDown()
    }

    @Test func partialOSDMessagesAreMergedAndMarkTheDeviceOnline() async throws {
        let harness = try await BridgeHarness.make(name: "merge")
        try await harness.run { harness in
            try await harness.publish(
                "thing/product/DOCK-M/osd",
                .message(
                    data: .object([
                        "mode_code": .integer(0),
                        "network_state": .object(["type": .integer(2), "quality": .integer(4)]),
                    ]))
            )
            try await harness.publish(
                "thing/product/DOCK-M/osd",
                .message(data: .object(["mode_code": .integer(1), "network_state": .object(["quality": .integer(5)])]))
            )
            let osd = try await harness.eventually(
                { connection in
                    try await connection.query("SELECT osd FROM device_telemetry WHERE sn = 'DOCK-M'").first
                        .map { try $0.decode(PostgresJSON.self, column: "osd").decode(JSONValue.self) }
                }, until: { $0?["mode_code"] == .integer(1) })
            #expect(
                osd
                    == .object([
                        "mode_code": .integer(1),
                        "network_state": .object(["type": .integer(2), "quality": .integer(5)]),
                    ]))
            let online = try await harness.database.withConnection { connection in
                try await connection.query("SELECT online FROM devices WHERE sn = 'DOCK-M'").first?.decode(
                    Bool.self, column: "online")
            }
            #expect(online == true)
        }
        try await harness.tearDown()
    }

    @Test func aDeviceGoesOfflineAfterTheSilence() async throws {
        let harness = try await BridgeHarness.make(name: "silence")
        try await harness.run { harness in
            try await harness.publish("thing/product/DOCK-S/osd", .message(data: .object(["mode_code": .integer(0)])))
            _ = try await harness.eventually(
                { connection in
                    try await connection.query("SELECT online FROM devices WHERE sn = 'DOCK-S'").first?.decode(
                        Bool.self, column: "online")
                }, until: { $0 == true })
            let pool = PostgresPool(
                connectionString: harness.database.url, maxConnections: 1, logger: Logger(label: "test"))
            let sweeper = LivenessSweeper(
                pool: pool,
                offlineAfter: .seconds(60),
                interval: .seconds(1),
                now: { harness.clock.now },
                logger: Logger(label: "test")
            )
            #expect(try await sweeper.sweep(at: harness.clock.now.addingTimeInterval(59)).isEmpty)
            #expect(try await sweeper.sweep(at: harness.clock.now.addingTimeInterval(61)) == ["DOCK-S"])
            #expect(try await sweeper.sweep(at: harness.clock.now.addingTimeInterval(120)).isEmpty)
            let methods = try await pool.query(
                "SELECT method FROM device_events WHERE device_sn = 'DOCK-S' ORDER BY id"
            )
            .map { try $0.decode(String.self, column: "method") }
            #expect(methods == ["device_online", "device_offline"])
            await pool.close()
        }
        try await harness.tearDown()
    }

    @Test func eventsAreStoredAndAnsweredWhenTheyAskForIt() async throws {
        let harness = try await BridgeHarness.make(name: "events")
        try await harness.run { harness in
            let asks = UUID().uuidString.lowercased()
            let silent = UUID().uuidString.lowercased()
            try await harness.publish(
                "thing/product/DOCK-E/events",
                .message(
                    tid: asks, method: "device_exit_homing_notify", gateway: "DOCK-E", needReply: true,
                    data: .object(["sn": .string("X"), "action": .integer(1)]))
            )
            try await harness.publish(
                "thing/product/DOCK-E/events",
                .message(
                    tid: silent, method: "hms", gateway: "DOCK-E", needReply: false, data: .object(["list": .array([])])
                )
            )
            // A QoS 1 redelivery of the first: answered again, stored once.
            try await harness.publish(
                "thing/product/DOCK-E/events",
                .message(
                    tid: asks, method: "device_exit_homing_notify", gateway: "DOCK-E", needReply: true,
                    data: .object(["sn": .string("X"), "action": .integer(1)]))
            )
            let replies = try await harness.awaitReplies(tid: asks, count: 2)
            #expect(replies.count == 2)
            #expect(
                replies.allSatisfy {
                    $0.topic == "thing/product/DOCK-E/events_reply"
                        && $0.message["method"] == .string("device_exit_homing_notify")
                })
            let stored = try await harness.eventually(
                { connection in
                    try await connection.query(
                        "SELECT method, tid, need_reply FROM device_events WHERE tid IS NOT NULL ORDER BY id"
                    )
                    .map {
                        "\(try $0.decode(String.self, column: "method")) \(try $0.decode(String.self, column: "tid")) \(try $0.decode(Bool.self, column: "need_reply"))"
                    }
                }, until: { $0.count >= 2 })
            #expect(stored == ["device_exit_homing_notify \(asks) true", "hms \(silent) false"])
            #expect(harness.replies(tid: silent).isEmpty)
        }
        try await harness.tearDown()
    }

    @Test func malformedInputIsSurvivedAndTheNextMessageStillProcessed() async throws {
        let harness = try await BridgeHarness.make(name: "malformed")
        try await harness.run { harness in
            let garbage: [(String, [UInt8])] = [
                ("thing/product/DOCK-X/osd", [0xff, 0xfe, 0x00, 0x12]),
                ("thing/product/DOCK-X/state", Array("not json at all".utf8)),
                ("thing/product/DOCK-X/events", Array("[1,2,3]".utf8)),
                (
                    "sys/product/DOCK-X/status",
                    Array(#"{"tid": 5, "method": "update_topo", "data": {"sub_devices": "nope"}}"#.utf8)
                ),
                ("thing/product/DOCK-X/requests", Array(#"{"tid":"t","method":"no_such_method","data":{}}"#.utf8)),
                (
                    "thing/product/DOCK-X/services_reply",
                    Array(#"{"tid":"t","method":"no_such_method","data":"x"}"#.utf8)
                ),
                (
                    "thing/product/DOCK-X/events",
                    Array(#"{"tid":"t2","method":"no_such_event","need_reply":"yes","data":7}"#.utf8)
                ),
                ("thing/product/DOCK-X/osd", Array(#"{"tid":"t3","data":[1,2]}"#.utf8)),
                (
                    "thing/product/DOCK-X/osd",
                    Array((#"{"tid":"big","data":{"blob":""# + String(repeating: "x", count: 1 << 20) + #""}}"#).utf8)
                ),
                ("thing/product/DOCK-X/unknown_kind", Array("{}".utf8)),
                ("", []),
            ]
            for (topic, payload) in garbage where !topic.isEmpty {
                try await harness.publish(topic, payload)
            }
            // Well-formed envelopes with methods nobody knows, on every uplink topic.
            for kind in DJITopic.Kind.allCases where kind.isUplink {
                let topic = DJITopic(sn: "DOCK-X", kind: kind).description
                try await harness.publish(
                    topic,
                    .message(
                        method: "no_such_method_\(kind.rawValue)", needReply: true, data: .object(["x": .integer(1)])))
            }
            try await harness.publish("thing/product/DOCK-X/osd", .message(data: .object(["after": .bool(true)])))
            let osd = try await harness.eventually(
                { connection in
                    try await connection.query("SELECT osd FROM device_telemetry WHERE sn = 'DOCK-X'").first
                        .map { try $0.decode(PostgresJSON.self, column: "osd").decode(JSONValue.self) }
                }, until: { $0?["after"] == .bool(true) })
            #expect(osd?["after"] == .bool(true))
            #expect(osd?["blob"]?.stringValue?.count == 1 << 20)
            let dropped = harness.capture.all.filter { $0.message == "dropped a message that is not a DJI envelope" }
            #expect(dropped.count == 3)
            #expect(dropped.allSatisfy { $0.metadata["mqtt.topic"]?.hasPrefix("thing/product/DOCK-X/") == true })
        }
        try await harness.tearDown()
    }
}

extension PostgresRow {
    fileprivate var sn: String { (try? decode(String.self, column: "sn")) ?? "" }
}
