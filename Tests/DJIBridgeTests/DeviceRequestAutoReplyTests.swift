import Foundation
import Shared
import TestSupport
import Testing

@testable import DJIBridge

/// Requests the platform answers by itself, through a real broker, bridge and database.
@Suite struct DeviceRequestAutoReplyTests {
    static let dock = "DOCK-AUTO"

    @Test func eachAutoRepliedMethodGetsExactlyOneReplyInTheDocumentedShapeAtOnce() async throws {
        let harness = try await BridgeHarness.make(name: "auto").configured(RequestTestConfiguration.apply)
        let cases: [(method: String, data: JSONValue, expected: JSONValue)] = [
            (
                "config", .object(["config_type": .string("json"), "config_scope": .string("product")]),
                PlatformReplies.config(
                    app: RequestTestConfiguration.app, ntpServerHost: "ntp.example.com", ntpServerPort: 123)
            ),
            ("flight_areas_get", .object([:]), PlatformReplies.flightAreas),
            ("offline_map_get", .object([:]), PlatformReplies.offlineMap),
            (
                "storage_config_get", .object(["module": .integer(0)]),
                PlatformReplies.storage(RequestTestConfiguration.storage, deviceSN: Self.dock)
            ),
            (
                "airport_bind_status", .object(["devices": .array([.object(["sn": .string(Self.dock)])])]),
                DockBinding.statusReply([DockBinding.Status(sn: Self.dock, organization: nil, callsign: nil)])
            ),
            (
                "airport_organization_get",
                .object(["device_binding_code": .string("NOSUCHCODE"), "organization_id": .string("org-x")]),
                .object(["result": .integer(210230)])
            ),
        ]
        try await harness.run { harness in
            for (method, data, expected) in cases {
                let tid = UUID().uuidString.lowercased()
                let bid = UUID().uuidString.lowercased()
                let request = JSONValue.message(tid: tid, bid: bid, method: method, gateway: Self.dock, data: data)
                let sent = ContinuousClock.now
                try await harness.publish("thing/product/\(Self.dock)/requests", request)
                let replies = try await harness.awaitReplies(tid: tid)
                let latency = ContinuousClock.now - sent
                print("\(method): answered in \(latency)")
                // Answered at once rather than by the manual path, which would take the reply timeout. The bound is
                // loose on purpose: the whole suite runs in parallel on two cores (1.13 s was seen there, 45–60 ms
                // on an idle machine); how fast replies are is for the benchmarks, not for a test to time.
                #expect(latency < .seconds(5), "\(method) took \(latency)")
                let reply = try #require(replies.first, "\(method) got no reply")
                #expect(reply.topic == "thing/product/\(Self.dock)/requests_reply")
                #expect(reply.message["tid"] == .string(tid))
                #expect(reply.message["bid"] == .string(bid))
                #expect(reply.message["method"] == .string(method))
                #expect(reply.message["gateway"] == .string(Self.dock))
                #expect(reply.message["timestamp"].flatMap(DJILenient.int64) != nil)
                #expect(reply.message["data"] == expected, "\(method)")

                // Stored after the answer, with the answer exactly as the dock got it.
                let stored = try #require(try await harness.storedRequest(tid: tid))
                #expect(stored.requestType == method)
                #expect(stored.deviceSN == Self.dock)
                #expect(stored.gatewaySN == Self.dock)
                #expect(stored.routingDecision == "auto_reply")
                #expect(stored.replySource == "auto")
                #expect(stored.replyCode == "AUTO_REPLIED")
                #expect(stored.tid == tid && stored.bid == bid)
                #expect(try stored.inboundPayload.decode(JSONValue.self) == request)
                #expect(try stored.standardizedReply.decode(JSONValue.self) == reply.message)
                #expect(stored.repliedAt != nil)
                #expect(stored.expiresAt == nil)
                #expect(harness.replies(tid: tid).count == 1, "\(method) was answered more than once")
            }
        }
        try await harness.tearDown()
    }

    @Test func withoutConfigurationConfigAndStorageWaitForAnIntegrator() async throws {
        let harness = try await BridgeHarness.make(name: "unconfigured")
        try await harness.run { harness in
            for method in ["config", "storage_config_get", "flighttask_resource_get", "a_method_from_the_future"] {
                let tid = UUID().uuidString.lowercased()
                try await harness.publish(
                    "thing/product/\(Self.dock)/requests",
                    .message(tid: tid, method: method, gateway: Self.dock, data: .object([:])))
                let stored = try #require(try await harness.storedRequest(tid: tid))
                #expect(stored.replyCode == "PENDING", "\(method)")
                #expect(stored.routingDecision == "manual_reply_required")
                #expect(stored.replySource == "manual")
                #expect(stored.replyMessage == "awaiting cloud decision")
                #expect(try stored.standardizedReply.decode(JSONValue.self) == .object([:]))
                #expect(stored.expiresAt == stored.receivedAt.addingTimeInterval(60))
                #expect(harness.replies(tid: tid).isEmpty, "\(method) was answered")
            }
        }
        try await harness.tearDown()
    }

    @Test func aTenantsOverrideMakesAnAutoMethodManual() async throws {
        let harness = try await BridgeHarness.make(name: "override").configured(RequestTestConfiguration.apply)
        let tenant = try await APIDriver(database: harness.database).tenant("override")
        try await harness.database.withConnection { connection in
            try await connection.query(DeviceQueries.assign(sn: Self.dock, tenantID: tenant.id))
            try await connection.query(
                RequestRoutingQueries.set(
                    tenantID: tenant.id, requestType: "flight_areas_get", decision: .manualReplyRequired))
        }
        try await harness.run { harness in
            let overridden = UUID().uuidString.lowercased()
            let untouched = UUID().uuidString.lowercased()
            for (tid, method) in [(overridden, "flight_areas_get"), (untouched, "offline_map_get")] {
                try await harness.publish(
                    "thing/product/\(Self.dock)/requests",
                    .message(tid: tid, method: method, gateway: Self.dock, data: .object([:])))
            }
            #expect(try await harness.awaitReplies(tid: untouched).count == 1)
            let stored = try #require(try await harness.storedRequest(tid: overridden))
            #expect(stored.replyCode == "PENDING")
            #expect(stored.tenantID == tenant.id)
            #expect(harness.replies(tid: overridden).isEmpty)
        }
        try await harness.tearDown()
    }

    @Test func updateTopoIsStoredAsARequestWithTheStatusReplyItGot() async throws {
        let harness = try await BridgeHarness.make(name: "topo-request")
        try await harness.run { harness in
            let tid = UUID().uuidString.lowercased()
            let message = JSONValue.updateTopo(tid: tid, type: 3, subDevices: [("AIR-TOPO", 100, 1)])
            try await harness.publish("sys/product/DOCK-TOPO/status", message)
            let reply = try #require(try await harness.awaitReplies(tid: tid).first)
            let stored = try #require(try await harness.storedRequest(tid: tid))
            #expect(stored.requestType == "update_topo")
            #expect(stored.deviceSN == "DOCK-TOPO")
            #expect(stored.replyCode == "AUTO_REPLIED")
            #expect(stored.routingDecision == "auto_reply")
            #expect(try stored.inboundPayload.decode(JSONValue.self) == message)
            #expect(try stored.standardizedReply.decode(JSONValue.self) == reply.message)
            #expect(reply.topic == "sys/product/DOCK-TOPO/status_reply")
        }
        try await harness.tearDown()
    }

    @Test func aRepeatedRequestIsAnsweredAgainButStoredOnce() async throws {
        let harness = try await BridgeHarness.make(name: "repeat").configured(RequestTestConfiguration.apply)
        try await harness.run { harness in
            let tid = UUID().uuidString.lowercased()
            let request = JSONValue.message(tid: tid, method: "offline_map_get", gateway: Self.dock, data: .object([:]))
            try await harness.publish("thing/product/\(Self.dock)/requests", request)
            try await harness.publish("thing/product/\(Self.dock)/requests", request)
            #expect(try await harness.awaitReplies(tid: tid, count: 2).count == 2)
            _ = try await harness.storedRequest(tid: tid)
            let count = try await harness.database.withConnection { connection in
                try await connection.query("SELECT count(*)::int8 AS n FROM device_requests WHERE tid = \(tid)")
                    .first?.decode(Int.self, column: "n")
            }
            #expect(count == 1)
        }
        try await harness.tearDown()
    }

    @Test func aRequestCarryingANULCharacterIsStillStored() async throws {
        let harness = try await BridgeHarness.make(name: "nul")
        try await harness.run { harness in
            let tid = UUID().uuidString.lowercased()
            let payload =
                #"{"tid":"\#(tid)","bid":"b","timestamp":1,"method":"flighttask_resource_get","gateway":"\#(Self.dock)","data":{"flight_id":"a\u0000b"}}"#
            try await harness.publish("thing/product/\(Self.dock)/requests", Array(payload.utf8))
            let stored = try #require(try await harness.storedRequest(tid: tid))
            #expect(stored.replyCode == "PENDING")
            #expect(try stored.inboundPayload.decode(JSONValue.self)["data"]?["flight_id"] == .string("a\u{FFFD}b"))
        }
        try await harness.tearDown()
    }
}
