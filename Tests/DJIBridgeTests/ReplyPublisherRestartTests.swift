import Foundation
import HummingbirdTesting
import Shared
import TestSupport
import Testing

@testable import DJIBridge

/// The bridge restarts between an integrator's reply and its publication.
@Suite struct ReplyPublisherRestartTests {
    static let dock = "DOCK-RESTART"

    @Test func aReplyQueuedWhileTheBridgeIsDownIsPublishedOnceByTheNextBridge() async throws {
        let harness = try await BridgeHarness.make(name: "restart")
        let api = APIDriver(database: harness.database)
        let acme = try await api.tenant("acme")
        let signer = try await api.client(tenant: acme)
        try await harness.database.withConnection { connection in
            try await connection.query(DeviceQueries.assign(sn: Self.dock, tenantID: acme.id))
        }
        let queuedTID = UUID().uuidString.lowercased()
        let interruptedTID = UUID().uuidString.lowercased()
        try await api.app().test(.router) { client in
            try await harness.withDock {
                // First life: two requests arrive and wait for the integrator.
                try await harness.withBridge {
                    for tid in [queuedTID, interruptedTID] {
                        try await harness.publish(
                            "thing/product/\(Self.dock)/requests",
                            .message(
                                tid: tid, method: "flighttask_resource_get", gateway: Self.dock, data: .object([:])))
                        _ = try #require(try await harness.storedRequest(tid: tid))
                    }
                }

                // The bridge is down: the integrator replies to both.
                for tid in [queuedTID, interruptedTID] {
                    let id = try #require(try await harness.storedRequest(tid: tid)).requestID.uuidString.lowercased()
                    let queued = try await client.signed(
                        .post, "/api/v1/open/device-requests/\(id)/reply", by: signer,
                        body: #"{"data": {"result": 0, "output": {"tid": "\#(tid)"}}}"#)
                    #expect(queued.status == .accepted)
                }
                // The second one had been claimed by this bridge when it "crashed" mid-publish: it may have gone out,
                // so it must not be published again.
                try await harness.database.withConnection { connection in
                    try await connection.query(
                        """
                        UPDATE device_requests SET publish_attempted_at = now(),
                            publish_attempted_by = \(harness.configuration.mqtt.clientID)
                        WHERE tid = \(interruptedTID)
                        """)
                }
                #expect(harness.replies(tid: queuedTID).isEmpty)

                // Second life, same client id: it publishes the queued reply once and fails the interrupted one.
                try await harness.withBridge {
                    let sent = try await harness.storedRequest(tid: queuedTID, until: { $0?.replyCode == "SENT" })
                    #expect(sent?.replyCode == "SENT")
                    let failed = try await harness.storedRequest(
                        tid: interruptedTID, until: { $0?.replyCode == "FAILED" })
                    #expect(failed?.replyCode == "FAILED")
                    #expect(failed?.replyMessage?.contains("may or may not have received it") == true)
                    let replies = try await harness.awaitReplies(tid: queuedTID)
                    #expect(replies.count == 1)
                    #expect(replies.first?.message["data"]?["output"]?["tid"] == .string(queuedTID))
                    #expect(try sent.map { try $0.standardizedReply.decode(JSONValue.self) } == replies.first?.message)
                }
                // Nothing more arrives after the second life either.
                #expect(harness.replies(tid: queuedTID).count == 1)
                #expect(harness.replies(tid: interruptedTID).isEmpty)
            }
        }
        try await harness.tearDown()
    }
}
