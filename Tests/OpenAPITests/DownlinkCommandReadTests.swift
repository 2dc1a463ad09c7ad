import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Shared
import TestSupport
import Testing

@testable import OpenAPI

@Suite(.timeLimit(.minutes(2))) struct DownlinkCommandReadTests {
    @Test func listsNewestFirstPageByPageWithFilters() async throws {
        let fixture = try await APIFixture.make()
        let acme = try await fixture.tenant("acme")
        let other = try await fixture.tenant("other")
        let signer = try await fixture.client(tenant: acme)
        let stranger = try await fixture.client(tenant: other)
        try await fixture.device(sn: "DOCK-1", tenant: acme)
        try await fixture.device(sn: "DOCK-2", tenant: acme)
        try await fixture.device(sn: "OTHER-1", tenant: other)
        try await fixture.app().test(.router) { client in
            let api = DownlinkCommandClient(client: client, signer: signer)
            var ids: [String] = []
            for (index, (device, method)) in [
                ("DOCK-1", "cover_open"), ("DOCK-2", "cover_open"), ("DOCK-1", "cover_close"),
                ("DOCK-1", "cover_open"), ("DOCK-2", "cover_close"),
            ].enumerated() {
                let created = try await api.post(
                    .object([
                        "vendor": .string("dji"), "device_id": .string(device), "command_type": .string(method),
                        "idempotency_key": .string("k\(index)"),
                    ]))
                ids.append(try #require(created.json?["command_id"]?.stringValue))
            }
            _ = try await DownlinkCommandClient(client: client, signer: stranger).post(
                CommandBodies.liveStartPush(device: "OTHER-1", key: "k0"))
            try await fixture.database.withConnection { connection in
                try await connection.query(
                    """
                    UPDATE downlink_commands SET status = 'FAILED', completed_at = now()
                    WHERE id = \(UUID(uuidString: ids[3]))
                    """)
            }

            var seen: [String] = []
            var target = DownlinkCommandClient.path + "?limit=2"
            for _ in 0..<10 {
                let page = try await api.get(target)
                #expect(page.status == .ok)
                guard case .array(let items)? = page.json?["items"] else { break }
                #expect(items.count <= 2)
                seen += items.compactMap { $0["command_id"]?.stringValue }
                guard case .string(let cursor)? = page.json?["next_cursor"] else {
                    #expect(page.json?["next_cursor"] == .null)
                    break
                }
                target = DownlinkCommandClient.path + "?limit=2&cursor=\(cursor)"
            }
            #expect(seen == ids.reversed())

            func listed(_ query: String) async throws -> [String] {
                let page = try await api.get(DownlinkCommandClient.path + "?" + query)
                guard case .array(let items)? = page.json?["items"] else { return [] }
                return items.compactMap { $0["command_id"]?.stringValue }
            }
            #expect(try await listed("device_id=DOCK-2") == [ids[4], ids[1]])
            #expect(try await listed("command_type=cover_close") == [ids[4], ids[2]])
            #expect(try await listed("status=FAILED") == [ids[3]])
            #expect(try await listed("device_id=DOCK-1&command_type=cover_open&status=ACCEPTED") == [ids[0]])
            #expect(try await listed("device_id=OTHER-1").isEmpty)

            for (query, field) in [
                ("status=DONE", "status"), ("limit=0", "limit"), ("limit=201", "limit"), ("cursor=eHl6", "cursor"),
            ] {
                let response = try await api.get(DownlinkCommandClient.path + "?" + query)
                #expect(response.status == .badRequest, "\(query)")
                #expect(response.json?["error"]?["field"] == .string(field), "\(query)")
            }
        }
        try await fixture.drop()
    }

    @Test func anotherTenantsCommandIsNotFoundAndScopesAreChecked() async throws {
        let fixture = try await APIFixture.make()
        let acme = try await fixture.tenant("acme")
        let other = try await fixture.tenant("other")
        let writer = try await fixture.client(tenant: acme, scopes: [.downlinkCommandWrite])
        let reader = try await fixture.client(tenant: acme, scopes: [.downlinkCommandRead])
        let stranger = try await fixture.client(tenant: other)
        try await fixture.device(sn: "DOCK-1", tenant: acme)
        try await fixture.app().test(.router) { client in
            let created = try await DownlinkCommandClient(client: client, signer: writer).post(
                CommandBodies.liveStartPush(device: "DOCK-1", key: "k"))
            let id = try #require(created.json?["command_id"]?.stringValue)

            #expect(try await DownlinkCommandClient(client: client, signer: reader).command(id).status == .ok)
            let foreign = try await DownlinkCommandClient(client: client, signer: stranger).command(id)
            #expect(foreign.status == .notFound)
            #expect(foreign.json?.errorCode == "COMMAND_NOT_FOUND")
            let notAnID = try await DownlinkCommandClient(client: client, signer: reader).command("nope")
            #expect(notAnID.status == .notFound)
            let unknown = try await DownlinkCommandClient(client: client, signer: reader).command(
                UUID().uuidString.lowercased())
            #expect(unknown.json?.errorCode == "COMMAND_NOT_FOUND")

            let readerPost = try await DownlinkCommandClient(client: client, signer: reader).post(
                CommandBodies.liveStartPush(device: "DOCK-1", key: "k2"))
            #expect(readerPost.status == .forbidden)
            #expect(readerPost.json?.errorCode == "INSUFFICIENT_SCOPE")
            for target in [
                DownlinkCommandClient.path, DownlinkCommandClient.path + "/\(id)",
                "/api/v1/open/downlink/command-types",
            ] {
                let response = try await DownlinkCommandClient(client: client, signer: writer).get(target)
                #expect(response.status == .forbidden, "\(target)")
            }
            let deleted = try await client.send(
                .delete, DownlinkCommandClient.path + "/\(id)",
                headers: reader.headers(.delete, DownlinkCommandClient.path + "/\(id)"))
            #expect(deleted.status == .methodNotAllowed)
        }
        try await fixture.drop()
    }

    @Test func theCatalogIsServedWithSchemasModelsAndProgress() async throws {
        let fixture = try await APIFixture.make()
        let signer = try await fixture.client(tenant: try await fixture.tenant("acme"))
        try await fixture.app().test(.router) { client in
            let response = try await DownlinkCommandClient(client: client, signer: signer).get(
                "/api/v1/open/downlink/command-types")
            #expect(response.status == .ok)
            guard case .array(let items)? = response.json?["items"] else {
                Issue.record("no items")
                return
            }
            #expect(items.count == CommandCatalog.all.count)
            // Compared as text: a bound such as -90.0 reads back as the integer -90, the same JSON.
            let served = items.map(\.jsonText)
            let catalog = CommandCatalog.all.map(\.catalogItem.jsonText)
            #expect(served == catalog, "\(zip(served, catalog).filter { $0 != $1 }.count) items differ")
            let live = try #require(items.first { $0["command_type"] == .string("live_start_push") })
            #expect(
                live["supported_models"] == .array([.string("DJI Dock"), .string("DJI Dock 2"), .string("DJI Dock 3")]))
            #expect(live["long_running"] == .bool(false))
            #expect(live["payload_schema"]?["required"] != nil)
            let cover = try #require(items.first { $0["command_type"] == .string("cover_open") })
            #expect(cover["long_running"] == .bool(true))
        }
        try await fixture.drop()
    }

    @Test func theLongPollAnswersAtTheDeadlineOrAsSoonAsTheCommandEnds() async throws {
        let fixture = try await APIFixture.make()
        let acme = try await fixture.tenant("acme")
        let signer = try await fixture.client(tenant: acme)
        try await fixture.device(sn: "DOCK-1", tenant: acme)
        try await fixture.app().test(.router) { client in
            let api = DownlinkCommandClient(client: client, signer: signer)
            let created = try await api.post(CommandBodies.liveStartPush(device: "DOCK-1", key: "k"))
            let id = try #require(created.json?["command_id"]?.stringValue)

            let start = ContinuousClock.now
            let waited = try await api.command(id, wait: 1)
            #expect(waited.status == .ok)
            #expect(waited.json?["status"] == .string("ACCEPTED"))
            #expect(ContinuousClock.now - start >= .milliseconds(900))

            for wait in ["0", "31", "x", "1.5"] {
                let response = try await api.get(DownlinkCommandClient.path + "/\(id)?wait_seconds=\(wait)")
                #expect(response.status == .badRequest, "\(wait)")
                #expect(response.json?["error"]?["field"] == .string("wait_seconds"))
            }

            // Complete the command as the bridge does (update, then notify after the commit) while a poll waits.
            let uuid = try #require(UUID(uuidString: id))
            let (answer, elapsed) = try await withThrowingTaskGroup(of: (JSONValue?, Duration)?.self) { group in
                group.addTask {
                    let begin = ContinuousClock.now
                    let response = try await api.command(id, wait: 20)
                    return (response.json, ContinuousClock.now - begin)
                }
                group.addTask {
                    try await Task.sleep(for: .milliseconds(300))
                    try await fixture.database.withConnection { connection in
                        try await connection.query(
                            DownlinkReplyQueries.complete(
                                id: uuid, outcome: CommandOutcome(status: .succeeded, responseCode: "0"),
                                provesDelivery: true))
                        try await connection.query(NotificationQueries.notify(.downlinkCommandStatus, ids: [uuid]))
                    }
                    return nil
                }
                var answer: (JSONValue?, Duration)?
                for try await result in group { if let result { answer = result } }
                return try #require(answer)
            }
            #expect(answer?["status"] == .string("SUCCEEDED"))
            #expect(answer?["delivered_at"]?.stringValue != nil)
            // Loose: the point is that it did not wait for its 20 s.
            #expect(elapsed < .seconds(5))

            // A terminal command answers at once.
            let begin = ContinuousClock.now
            #expect(try await api.command(id, wait: 20).json?["status"] == .string("SUCCEEDED"))
            #expect(ContinuousClock.now - begin < .seconds(5))
        }
        try await fixture.drop()
    }

    @Test func aLongPollReadsAgainWhenTheListenerReconnectsSinceNotificationsMayHaveBeenLost() async throws {
        let fixture = try await APIFixture.make()
        let acme = try await fixture.tenant("acme")
        let signer = try await fixture.client(tenant: acme)
        try await fixture.device(sn: "DOCK-1", tenant: acme)
        try await fixture.app().test(.router) { client in
            let api = DownlinkCommandClient(client: client, signer: signer)
            let created = try await api.post(CommandBodies.liveStartPush(device: "DOCK-1", key: "k"))
            let id = try #require(created.json?["command_id"]?.stringValue)
            let uuid = try #require(UUID(uuidString: id))
            let elapsed = try await withThrowingTaskGroup(of: Duration?.self) { group in
                group.addTask {
                    let begin = ContinuousClock.now
                    let response = try await api.command(id, wait: 20)
                    #expect(response.json?["status"] == .string("SUCCEEDED"))
                    return ContinuousClock.now - begin
                }
                group.addTask {
                    try await Task.sleep(for: .milliseconds(300))
                    try await fixture.database.withConnection { connection in
                        // Completed without a notification, then the API's LISTEN session is cut: only the
                        // re-read after the listener reconnects can find the change.
                        try await connection.query(
                            DownlinkReplyQueries.complete(
                                id: uuid, outcome: CommandOutcome(status: .succeeded, responseCode: "0"),
                                provesDelivery: true))
                        try await connection.query(
                            """
                            SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                            WHERE datname = \(fixture.database.name) AND application_name = 'dockgate-listener'
                            """)
                    }
                    return nil
                }
                var elapsed: Duration?
                for try await result in group { if let result { elapsed = result } }
                return elapsed
            }
            #expect(try #require(elapsed) < .seconds(10))
        }
        try await fixture.drop()
    }
}
