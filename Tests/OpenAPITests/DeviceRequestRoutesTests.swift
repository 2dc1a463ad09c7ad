import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Shared
import Testing

@testable import OpenAPI

/// API.md §4 against rows stored the way the bridge stores them.
@Suite struct DeviceRequestRoutesTests {
    /// Near the real clock: the signature check allows 300 s of skew between the signer and the app's clock.
    let start = Date()

    /// Stores a request of `sn` received `offset` seconds after `start`.
    @discardableResult
    func store(
        _ fixture: APIFixture,
        sn: String,
        type: String = "flighttask_resource_get",
        code: RequestReplyCode = .pending,
        offset: TimeInterval,
        expiresIn: TimeInterval = 60,
        reply: JSONValue? = nil
    ) async throws -> UUID {
        let received = start.addingTimeInterval(offset)
        let request = NewDeviceRequest(
            deviceSN: sn, gatewaySN: sn, requestType: type, tid: UUID().uuidString, bid: UUID().uuidString,
            inboundPayload: .object(["method": .string(type), "data": .object([:])]),
            decision: code == .autoReplied ? .autoReply : .manualReplyRequired, replyCode: code,
            replyMessage: code == .pending ? "awaiting cloud decision" : "answered by the platform",
            standardizedReply: reply, receivedAt: received,
            expiresAt: code == .pending ? received.addingTimeInterval(expiresIn) : nil,
            repliedAt: reply == nil ? nil : received)
        try await fixture.database.withConnection { try await $0.query(DeviceRequestQueries.insert(request)) }
        return request.requestID
    }

    @Test func listsNewestFirstPageByPageWithFilters() async throws {
        let fixture = try await APIFixture.make()
        let acme = try await fixture.tenant("acme")
        let signer = try await fixture.client(tenant: acme, scopes: [.deviceRequestRead])
        try await fixture.assign(sn: "DOCK-A", to: acme)
        try await fixture.assign(sn: "DOCK-B", to: acme)
        var ids: [UUID] = []
        for index in 0..<5 {
            ids.append(
                try await store(fixture, sn: index.isMultiple(of: 2) ? "DOCK-A" : "DOCK-B", offset: Double(index)))
        }
        // Two requests in the same microsecond are still ordered, by id.
        let twins = [
            try await store(fixture, sn: "DOCK-A", type: "config", code: .autoReplied, offset: 10, reply: .object([:])),
            try await store(fixture, sn: "DOCK-A", type: "config", code: .autoReplied, offset: 10, reply: .object([:])),
        ]
        let newestFirst = twins.sorted { $0.uuidString.lowercased() > $1.uuidString.lowercased() } + ids.reversed()
        try await fixture.app(now: { start }).test(.router) { client in
            var seen: [String] = []
            var target = "/api/v1/open/device-requests?limit=3"
            for _ in 0..<10 {
                let page = try await client.send(.get, target, headers: signer.headers(.get, target))
                #expect(page.status == .ok)
                guard case .array(let items)? = page.json?["items"] else { break }
                #expect(items.count <= 3)
                seen += items.compactMap { $0["request_id"]?.stringValue }
                guard case .string(let cursor)? = page.json?["next_cursor"] else { break }
                target = "/api/v1/open/device-requests?limit=3&cursor=\(cursor)"
            }
            #expect(seen == newestFirst.map { $0.uuidString.lowercased() })

            for (query, expected) in [
                ("device_id=DOCK-B", 2), ("request_type=config", 2), ("reply_code=PENDING", 5),
                ("reply_code=AUTO_REPLIED&device_id=DOCK-A", 2), ("vendor=dji", 7), ("vendor=other", 0),
                ("device_id=DOCK-C", 0),
            ] {
                let filtered = "/api/v1/open/device-requests?\(query)"
                let page = try await client.send(.get, filtered, headers: signer.headers(.get, filtered))
                guard case .array(let items)? = page.json?["items"] else {
                    Issue.record("no items for \(query)")
                    continue
                }
                #expect(items.count == expected, "\(query)")
                #expect(page.json?["next_cursor"] == .null)
            }
        }
        try await fixture.drop()
    }

    @Test(arguments: [
        "reply_code=DONE", "limit=0", "limit=201", "cursor=%%%", "cursor=bm90LWEtY3Vyc29y", "device_id=A%00B",
        "vendor=%00", "request_type=%00x",
    ])
    func badQueryParametersAreInvalidFields(query: String) async throws {
        let fixture = try await APIFixture.make()
        let signer = try await fixture.client(tenant: try await fixture.tenant("acme"))
        try await fixture.app().test(.router) { client in
            let target = "/api/v1/open/device-requests?\(query)"
            let response = try await client.send(.get, target, headers: signer.headers(.get, target))
            #expect(response.status == .badRequest)
            #expect(response.json?.errorCode == "INVALID_FIELD")
            #expect(response.json?["error"]?["field"] == .string(String(query.prefix { $0 != "=" })))
        }
        try await fixture.drop()
    }

    @Test func requestsOfOtherTenantsAndOfUnboundDevicesAreNotFound() async throws {
        let fixture = try await APIFixture.make()
        let acme = try await fixture.tenant("acme")
        let other = try await fixture.tenant("other")
        let acmeSigner = try await fixture.client(tenant: acme)
        let otherSigner = try await fixture.client(tenant: other)
        try await fixture.assign(sn: "DOCK-A", to: acme)
        let mine = try await store(fixture, sn: "DOCK-A", offset: 0)
        let unbound = try await store(fixture, sn: "DOCK-NEW", offset: 1)
        try await fixture.app(now: { start }).test(.router) { client in
            for (signer, id, status) in [
                (acmeSigner, mine, HTTPResponse.Status.ok), (otherSigner, mine, .notFound),
                (acmeSigner, unbound, .notFound),
            ] {
                let target = "/api/v1/open/device-requests/\(id.uuidString.lowercased())"
                let response = try await client.send(.get, target, headers: signer.headers(.get, target))
                #expect(response.status == status)
                if status == .notFound { #expect(response.json?.errorCode == "REQUEST_NOT_FOUND") }
                let reply = target + "/reply"
                let body = #"{"data": {"result": 0}}"#
                let replied = try await client.send(
                    .post, reply, headers: signer.headers(.post, reply, body: body), body: body)
                if status == .notFound { #expect(replied.status == .notFound) }
            }
            let list = "/api/v1/open/device-requests"
            let others = try await client.send(.get, list, headers: otherSigner.headers(.get, list))
            #expect(others.json?["items"] == .array([]))
            let junk = "/api/v1/open/device-requests/not-a-uuid"
            let response = try await client.send(.get, junk, headers: acmeSigner.headers(.get, junk))
            #expect(response.status == .notFound)
        }
        try await fixture.drop()
    }

    @Test func aReplyIsQueuedOnceAndLateOrRepeatedRepliesAreConflicts() async throws {
        let fixture = try await APIFixture.make()
        let acme = try await fixture.tenant("acme")
        let signer = try await fixture.client(tenant: acme)
        try await fixture.assign(sn: "DOCK-A", to: acme)
        let pending = try await store(fixture, sn: "DOCK-A", offset: 0)
        let lapsed = try await store(fixture, sn: "DOCK-A", offset: -120)
        let swept = try await store(fixture, sn: "DOCK-A", code: .expired, offset: -300)
        let auto = try await store(fixture, sn: "DOCK-A", code: .autoReplied, offset: 0, reply: .object([:]))
        let body = #"{"data": {"result": 0, "output": {}}}"#
        try await fixture.app(now: { start.addingTimeInterval(5) }).test(.router) { client in
            func reply(_ id: UUID) async throws -> (status: HTTPResponse.Status, json: JSONValue?) {
                let target = "/api/v1/open/device-requests/\(id.uuidString.lowercased())/reply"
                let response = try await client.send(
                    .post, target, headers: signer.headers(.post, target, body: body), body: body)
                return (response.status, response.json)
            }
            let queued = try await reply(pending)
            #expect(queued.status == .accepted)
            #expect(queued.json?["reply_code"] == .string("QUEUED"))
            #expect(queued.json?["reply_message"] == .string("queued for publication"))
            #expect(queued.json?["standardized_reply"] == .object([:]))

            #expect(try await reply(pending).json?.errorCode == "ALREADY_REPLIED")
            #expect(try await reply(auto).json?.errorCode == "ALREADY_REPLIED")
            // Past its expiry but not swept yet, and swept: both expired.
            let late = try await reply(lapsed)
            #expect(late.status == .conflict)
            #expect(late.json?.errorCode == "REQUEST_EXPIRED")
            #expect(try await reply(swept).json?.errorCode == "REQUEST_EXPIRED")
        }
        let stored = try await fixture.database.withConnection { connection in
            try await connection.query(
                "SELECT reply_code, queued_reply_data FROM device_requests WHERE request_id = \(pending)"
            ).first.map {
                (
                    try $0.decode(String.self, column: "reply_code"),
                    try $0.decode(PostgresJSON.self, column: "queued_reply_data").decode(JSONValue.self)
                )
            }
        }
        #expect(stored?.0 == "QUEUED")
        #expect(stored?.1 == .object(["result": .integer(0), "output": .object([:])]))
        try await fixture.drop()
    }

    @Test(arguments: [
        ("", "MALFORMED_JSON", nil),
        ("[1]", "MALFORMED_JSON", nil),
        ("{}", "INVALID_FIELD", "data"),
        (#"{"data": null}"#, "INVALID_FIELD", "data"),
        (#"{"data": [1]}"#, "INVALID_FIELD", "data"),
        (#"{"data": {}, "reply_message": 5}"#, "INVALID_FIELD", "reply_message"),
        (#"{"data": {"url": "a\u0000b"}}"#, "INVALID_FIELD", "data"),
        (#"{"data": {}, "reply_message": "a\u0000"}"#, "INVALID_FIELD", "reply_message"),
    ])
    func invalidReplyBodiesAreRefused(body: String, code: String, field: String?) async throws {
        let fixture = try await APIFixture.make()
        let acme = try await fixture.tenant("acme")
        let signer = try await fixture.client(tenant: acme)
        try await fixture.assign(sn: "DOCK-A", to: acme)
        let id = try await store(fixture, sn: "DOCK-A", offset: 0)
        try await fixture.app(now: { start }).test(.router) { client in
            let target = "/api/v1/open/device-requests/\(id.uuidString.lowercased())/reply"
            let response = try await client.send(
                .post, target, headers: signer.headers(.post, target, body: body), body: body)
            #expect(response.status == .badRequest)
            #expect(response.json?.errorCode == code)
            #expect(response.json?["error"]?["field"] == field.map(JSONValue.string))
        }
        try await fixture.drop()
    }

    @Test func scopesAreChecked() async throws {
        let fixture = try await APIFixture.make()
        let acme = try await fixture.tenant("acme")
        let reader = try await fixture.client(tenant: acme, scopes: [.deviceRequestRead])
        let replier = try await fixture.client(tenant: acme, scopes: [.deviceRequestReply])
        try await fixture.assign(sn: "DOCK-A", to: acme)
        let id = try await store(fixture, sn: "DOCK-A", offset: 0).uuidString.lowercased()
        try await fixture.app(now: { start }).test(.router) { client in
            let reply = "/api/v1/open/device-requests/\(id)/reply"
            let body = #"{"data": {}}"#
            let refused = try await client.send(
                .post, reply, headers: reader.headers(.post, reply, body: body), body: body)
            #expect(refused.status == .forbidden)
            #expect(refused.json?.errorCode == "INSUFFICIENT_SCOPE")
            let list = "/api/v1/open/device-requests"
            #expect(try await client.send(.get, list, headers: replier.headers(.get, list)).status == .forbidden)
            let unsigned = try await client.send(
                .post, reply, headers: replier.headers(.post, reply, body: body, nonce: nil), body: body)
            #expect(unsigned.json?.errorCode == "MISSING_AUTH")
            #expect(
                try await client.send(.post, reply, headers: replier.headers(.post, reply, body: body), body: body)
                    .status == .accepted)
        }
        try await fixture.drop()
    }

    @Test func thePlatformsSecretsAreMaskedInWhatItAnsweredItself() async throws {
        let fixture = try await APIFixture.make()
        let acme = try await fixture.tenant("acme")
        let signer = try await fixture.client(tenant: acme)
        try await fixture.assign(sn: "DOCK-A", to: acme)
        let published = JSONValue.object([
            "tid": .string("t"), "method": .string("config"),
            "data": PlatformReplies.config(
                app: DJIAppCredentials(appID: "1", appKey: "platform-key", appLicense: "platform-license"),
                ntpServerHost: "ntp", ntpServerPort: 123),
        ])
        let id = try await store(
            fixture, sn: "DOCK-A", type: "config", code: .autoReplied, offset: 0, reply: published)
        try await fixture.app(now: { start }).test(.router) { client in
            let target = "/api/v1/open/device-requests/\(id.uuidString.lowercased())"
            let response = try await client.send(.get, target, headers: signer.headers(.get, target))
            #expect(response.json?["standardized_reply"]?["data"]?["app_key"] == .string("***"))
            #expect(response.json?["standardized_reply"]?["data"]?["app_id"] == .string("1"))
            #expect(!(response.json?.jsonText.contains("platform-license") ?? true))
        }
        let stored = try await fixture.database.withConnection { connection in
            try await connection.query("SELECT standardized_reply FROM device_requests WHERE request_id = \(id)")
                .first?.decode(PostgresJSON.self, column: "standardized_reply").decode(JSONValue.self)
        }
        #expect(stored == published, "the database keeps the message exactly as published")
        try await fixture.drop()
    }
}
