import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Shared
import TestSupport
import Testing

@testable import OpenAPI

@Suite(.timeLimit(.minutes(2))) struct DownlinkIdempotencyTests {
    @Test func theSameKeyAndBodyReplaysTheOriginalAndAnotherBodyConflicts() async throws {
        let fixture = try await APIFixture.make()
        let acme = try await fixture.tenant("acme")
        let signer = try await fixture.client(tenant: acme)
        let colleague = try await fixture.client(tenant: acme)
        try await fixture.device(sn: "DOCK-1", tenant: acme)
        try await fixture.app().test(.router) { client in
            let api = DownlinkCommandClient(client: client, signer: signer)
            let body = CommandBodies.liveStartPush(device: "DOCK-1", key: "req-1")
            let created = try await api.post(body)
            #expect(created.status == .created)
            #expect(created.headers[HTTPField.Name("Idempotent-Replayed")!] == nil)
            let id = try #require(created.json?["command_id"]?.stringValue)

            // The same body, keys in another order and with whitespace: still the same body.
            let reordered = try #require(body.objectValue).sorted { $0.key > $1.key }
                .map { "\n  \(JSONValue.string($0.key).jsonText) : \($0.value.jsonText)" }
                .joined(separator: ",")
            let replayed = try await api.post(raw: "{\(reordered)\n}")
            #expect(replayed.status == .ok)
            #expect(replayed.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(replayed.json == created.json)

            // Replays answer the create response even after the command moved on.
            try await fixture.database.withConnection { connection in
                try await connection.query(
                    "UPDATE downlink_commands SET status = 'FAILED', completed_at = now() WHERE id = \(UUID(uuidString: id))"
                )
            }
            let later = try await api.post(body)
            #expect(later.status == .ok)
            #expect(later.json?["status"] == .string("ACCEPTED"))

            guard case .object(var changed) = body else { return }
            changed["timeout_seconds"] = .integer(31)
            let conflict = try await api.post(.object(changed))
            #expect(conflict.status == .conflict)
            #expect(conflict.json?.errorCode == "IDEMPOTENCY_CONFLICT")
            #expect(conflict.json?["error"]?["field"] == .string("idempotency_key"))

            // Keys belong to a client: another client of the tenant may use the same one.
            let other = try await DownlinkCommandClient(client: client, signer: colleague).post(body)
            #expect(other.status == .created)
            #expect(other.json?["command_id"] != created.json?["command_id"])
        }
        try await fixture.drop()
    }

    @Test func twentyConcurrentIdenticalRequestsMakeOneCommand() async throws {
        let fixture = try await APIFixture.make()
        let acme = try await fixture.tenant("acme")
        let signer = try await fixture.client(tenant: acme)
        try await fixture.device(sn: "DOCK-1", tenant: acme)
        try await fixture.app().test(.router) { client in
            let body = CommandBodies.liveStartPush(device: "DOCK-1", key: "burst")
            let responses = try await withThrowingTaskGroup(of: (HTTPResponse.Status, JSONValue?).self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        let response = try await DownlinkCommandClient(client: client, signer: signer).post(body)
                        return (response.status, response.json)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(responses.filter { $0.0 == .created }.count == 1)
            #expect(responses.filter { $0.0 == .ok }.count == 19)
            #expect(Set(responses.compactMap { $0.1?["command_id"] }).count == 1)
        }
        let count = try await fixture.database.withConnection { connection in
            try await connection.query("SELECT count(*) AS n FROM downlink_commands").first?.decode(
                Int.self, column: "n")
        }
        #expect(count == 1)
        try await fixture.drop()
    }
}
