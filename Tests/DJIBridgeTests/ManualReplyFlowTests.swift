import Foundation
import HummingbirdTesting
import Shared
import TestSupport
import Testing

@testable import DJIBridge

/// Requests left to the integrator: seen through the API, answered through it, published by the bridge.
@Suite struct ManualReplyFlowTests {
    static let dock = "DOCK-MANUAL"

    @Test func anIntegratorsReplyReachesTheDockOnceAndTheRequestShowsWhatWasSent() async throws {
        let harness = try await BridgeHarness.make(name: "manual").configured(RequestTestConfiguration.apply)
        let api = APIDriver(database: harness.database)
        let acme = try await api.tenant("acme")
        let signer = try await api.client(tenant: acme)
        try await harness.database.withConnection { connection in
            try await connection.query(DeviceQueries.assign(sn: Self.dock, tenantID: acme.id))
        }
        let clock = harness.clock
        try await api.app(now: { clock.now }).test(.router) { client in
            try await harness.run { harness in
                let tid = UUID().uuidString.lowercased()
                let bid = UUID().uuidString.lowercased()
                let request = JSONValue.message(
                    tid: tid, bid: bid, method: "flighttask_resource_get", gateway: Self.dock,
                    data: .object(["flight_id": .string("f0e1d2c3")]))
                try await harness.publish("thing/product/\(Self.dock)/requests", request)
                let stored = try #require(try await harness.storedRequest(tid: tid))
                let id = stored.requestID.uuidString.lowercased()

                // PENDING in the list and in the detail, exactly in API.md §4's shape.
                let list = try await client.signed(
                    .get, "/api/v1/open/device-requests?reply_code=PENDING", by: signer)
                #expect(list.json?.items.map { $0["request_id"] } == [.string(id)])
                let detail = try #require(
                    try await client.signed(.get, "/api/v1/open/device-requests/\(id)", by: signer).json)
                #expect(
                    detail.objectValue.map { Set($0.keys) }
                        == [
                            "request_id", "vendor", "device_id", "request_type", "inbound_payload", "routing_decision",
                            "reply_code", "reply_message", "reply_source", "standardized_reply", "received_at",
                            "replied_at", "updated_at",
                        ])
                #expect(detail["vendor"] == .string("dji"))
                #expect(detail["device_id"] == .string(Self.dock))
                #expect(detail["request_type"] == .string("flighttask_resource_get"))
                #expect(detail["inbound_payload"] == request)
                #expect(detail["routing_decision"] == .string("manual_reply_required"))
                #expect(detail["reply_code"] == .string("PENDING"))
                #expect(detail["reply_message"] == .string("awaiting cloud decision"))
                #expect(detail["reply_source"] == .string("manual"))
                #expect(detail["standardized_reply"] == .object([:]))
                #expect(detail["replied_at"] == .null)
                #expect(harness.replies(tid: tid).isEmpty)

                // The integrator answers; the bridge publishes it.
                let data = JSONValue.object([
                    "result": .integer(0),
                    "output": .object([
                        "file": .object([
                            "url": .string("https://bucket.example/wayline.kmz?sig=1"),
                            "fingerprint": .string("9e107d9d372bb6826bd81d3542a419d6"),
                        ])
                    ]),
                ])
                let body = JSONValue.object(["data": data, "reply_message": .string("fresh URL")]).jsonText
                let queued = try await client.signed(
                    .post, "/api/v1/open/device-requests/\(id)/reply", by: signer, body: body)
                #expect(queued.status == .accepted)
                #expect(queued.json?["reply_code"] == .string("QUEUED"))
                #expect(queued.json?["reply_message"] == .string("fresh URL"))

                let reply = try #require(try await harness.awaitReplies(tid: tid).first)
                #expect(reply.topic == "thing/product/\(Self.dock)/requests_reply")
                #expect(reply.message["tid"] == .string(tid))
                #expect(reply.message["bid"] == .string(bid))
                #expect(reply.message["method"] == .string("flighttask_resource_get"))
                #expect(reply.message["gateway"] == .string(Self.dock))
                #expect(reply.message["data"] == data)

                let sent = try await harness.eventually(
                    { _ in try await client.signed(.get, "/api/v1/open/device-requests/\(id)", by: signer).json },
                    until: { $0?["reply_code"] == .string("SENT") })
                #expect(sent?["reply_code"] == .string("SENT"))
                #expect(sent?["standardized_reply"] == reply.message)
                #expect(sent?["replied_at"]?.stringValue != nil)
                #expect(sent?["reply_message"] == .string("fresh URL"))

                // Only a pending request takes a reply.
                let again = try await client.signed(
                    .post, "/api/v1/open/device-requests/\(id)/reply", by: signer, body: body)
                #expect(again.status == .conflict)
                #expect(again.json?["error"]?["code"] == .string("ALREADY_REPLIED"))
                #expect(harness.replies(tid: tid).count == 1)
            }
        }
        try await harness.tearDown()
    }

    @Test func aRequestNobodyAnswersExpiresAndTheAPISaysSo() async throws {
        let harness = try await BridgeHarness.make(name: "expiry")
        let api = APIDriver(database: harness.database)
        let acme = try await api.tenant("acme")
        let signer = try await api.client(tenant: acme)
        try await harness.database.withConnection { connection in
            try await connection.query(DeviceQueries.assign(sn: Self.dock, tenantID: acme.id))
        }
        let clock = harness.clock
        try await api.app(now: { clock.now }).test(.router) { client in
            try await harness.run { harness in
                let tid = UUID().uuidString.lowercased()
                try await harness.publish(
                    "thing/product/\(Self.dock)/requests",
                    .message(tid: tid, method: "storage_config_get", gateway: Self.dock, data: .object([:])))
                let stored = try #require(try await harness.storedRequest(tid: tid))
                #expect(stored.replyCode == "PENDING")

                // The default timeout is 60 s; the bridge's sweeper runs every second on the test's clock.
                clock.advance(by: 61)
                let expired = try await harness.storedRequest(tid: tid, until: { $0?.replyCode == "EXPIRED" })
                #expect(expired?.replyCode == "EXPIRED")

                let late = try await client.signed(
                    .post, "/api/v1/open/device-requests/\(stored.requestID.uuidString.lowercased())/reply",
                    by: signer, body: #"{"data": {"result": 0}}"#)
                #expect(late.status == .conflict)
                #expect(late.json?["error"]?["code"] == .string("REQUEST_EXPIRED"))
                let listed = try await client.signed(
                    .get, "/api/v1/open/device-requests?reply_code=EXPIRED&device_id=\(Self.dock)", by: signer)
                #expect(listed.json?.items.count == 1)
                #expect(listed.json?.items.first?["reply_message"]?.stringValue?.contains("stopped waiting") == true)
                #expect(harness.replies(tid: tid).isEmpty)
            }
        }
        try await harness.tearDown()
    }
}
