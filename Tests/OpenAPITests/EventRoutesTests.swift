import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Shared
import Testing

@testable import OpenAPI

@Suite struct EventRoutesTests {
    func insertEvent(_ fixture: APIFixture, sn: String, method: String) async throws {
        try await fixture.database.withConnection { connection in
            try await connection.query(
                "INSERT INTO device_events (device_sn, method, tid, data) VALUES (\(sn), \(method), \(UUID().uuidString), '{\"k\": 1}')"
            )
        }
    }

    @Test func theFeedIsFollowedInArrivalOrderWithFiltersAndIsolation() async throws {
        let fixture = try await APIFixture.make()
        let acme = try await fixture.tenant("acme")
        let globex = try await fixture.tenant("globex")
        let signer = try await fixture.client(tenant: acme)
        try await fixture.assign(sn: "DOCK-A", to: acme)
        try await fixture.assign(sn: "DOCK-G", to: globex)
        for method in ["hms", "flighttask_progress", "hms"] {
            try await insertEvent(fixture, sn: "DOCK-A", method: method)
        }
        try await insertEvent(fixture, sn: "DOCK-G", method: "hms")
        try await insertEvent(fixture, sn: "DOCK-A", method: "return_home_info")

        try await fixture.app().test(.router) { client in
            var target = "/api/v1/open/events?limit=2"
            var seen: [String] = []
            var cursor = ""
            for _ in 0..<5 {
                let page = try await client.send(.get, target, headers: signer.headers(.get, target))
                #expect(page.status == .ok)
                guard case .array(let items)? = page.json?["items"], case .string(let next)? = page.json?["next_cursor"]
                else {
                    Issue.record("a page without items or next_cursor")
                    return
                }
                seen += items.compactMap { $0["method"]?.stringValue }
                #expect(
                    items.allSatisfy {
                        $0["device_id"] == .string("DOCK-A") && $0["data"] == .object(["k": .integer(1)])
                    })
                cursor = next
                target = "/api/v1/open/events?limit=2&after=\(next)"
                if items.isEmpty { break }
            }
            #expect(seen == ["hms", "flighttask_progress", "hms", "return_home_info"])

            // Following on from the end: an empty page that still says where to continue.
            let end = "/api/v1/open/events?after=\(cursor)"
            let empty = try await client.send(.get, end, headers: signer.headers(.get, end))
            #expect(empty.json?["items"] == .array([]))
            #expect(empty.json?["next_cursor"] == .string(cursor))

            let filtered = "/api/v1/open/events?method=hms&device_id=DOCK-A"
            let hms = try await client.send(.get, filtered, headers: signer.headers(.get, filtered))
            guard case .array(let hmsItems)? = hms.json?["items"] else {
                Issue.record("no items")
                return
            }
            #expect(hmsItems.count == 2)

            let bad = "/api/v1/open/events?after=bm90LWEtbnVtYmVy"
            let refused = try await client.send(.get, bad, headers: signer.headers(.get, bad))
            #expect(refused.status == .badRequest)
            #expect(refused.json?["error"]?["field"] == .string("after"))
        }
        try await fixture.drop()
    }

    @Test func aNewFeedStartsFromTheBeginningAndAlwaysHasACursor() async throws {
        let fixture = try await APIFixture.make()
        let signer = try await fixture.client(tenant: try await fixture.tenant("acme"))
        try await fixture.app().test(.router) { client in
            let response = try await client.send(
                .get, "/api/v1/open/events", headers: signer.headers(.get, "/api/v1/open/events"))
            #expect(response.status == .ok)
            #expect(response.json?["items"] == .array([]))
            #expect(response.json?["next_cursor"]?.stringValue?.isEmpty == false)
        }
        try await fixture.drop()
    }
}

@Suite struct EventLongPollTests {
    @Test func aWaitingReaderIsAnsweredWhenTheBridgeStoresAnEvent() async throws {
        let fixture = try await APIFixture.make()
        let acme = try await fixture.tenant("acme")
        let signer = try await fixture.client(tenant: acme)
        try await fixture.assign(sn: "DOCK-W", to: acme)
        try await fixture.app().test(.live) { client in
            let start = "/api/v1/open/events"
            let first = try await client.send(.get, start, headers: signer.headers(.get, start))
            let cursor = try #require(first.json?["next_cursor"]?.stringValue)

            // Nothing new: the wait ends with an empty page and the same cursor.
            let idle = "/api/v1/open/events?after=\(cursor)&wait_seconds=1"
            let quiet = try await client.send(.get, idle, headers: signer.headers(.get, idle))
            #expect(quiet.json?["items"] == .array([]))
            #expect(quiet.json?["next_cursor"] == .string(cursor))

            let target = "/api/v1/open/events?after=\(cursor)&wait_seconds=20"
            let started = ContinuousClock.now
            async let answer = client.send(.get, target, headers: signer.headers(.get, target))
            try await Task.sleep(for: .milliseconds(300))
            try await fixture.database.withConnection { connection in
                try await connection.query(
                    "INSERT INTO device_events (device_sn, method, tid, data) VALUES ('DOCK-W', 'hms', 't-w', '{}')"
                )
                try await connection.query(NotificationQueries.notify(.deviceEvents, payload: "batch"))
            }
            let response = try await answer
            let elapsed = ContinuousClock.now - started
            guard case .array(let items)? = response.json?["items"] else {
                Issue.record("no items")
                return
            }
            #expect(items.map { $0["tid"] } == [.string("t-w")])
            // Woken by the notification, not by the end of the 20 s wait (loose: no timing assertion is tight).
            #expect(elapsed < .seconds(10))
            print("events long poll answered \(elapsed) after it was sent (the event came at ~300 ms)")
        }
        try await fixture.drop()
    }

    @Test func waitSecondsOutsideOneToThirtyIsRefused() async throws {
        let fixture = try await APIFixture.make()
        let signer = try await fixture.client(tenant: try await fixture.tenant("acme"))
        try await fixture.app().test(.router) { client in
            for value in ["0", "31", "x"] {
                let target = "/api/v1/open/events?wait_seconds=\(value)"
                let response = try await client.send(.get, target, headers: signer.headers(.get, target))
                #expect(response.status == .badRequest)
                #expect(response.json?["error"]?["field"] == .string("wait_seconds"))
            }
        }
        try await fixture.drop()
    }
}
