import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Shared
import TestSupport
import Testing

@testable import OpenAPI

@Suite(.timeLimit(.minutes(2))) struct DownlinkCommandRoutesTests {
    @Test func aCreatedCommandIsCommittedNotifiedAndReadBackAsTheContractShowsIt() async throws {
        let fixture = try await APIFixture.make()
        let acme = try await fixture.tenant("acme")
        let signer = try await fixture.client(tenant: acme)
        try await fixture.device(sn: "DOCK-1", tenant: acme)
        let listener = PostgresListener(
            connectionString: fixture.database.url, channels: [NotificationChannel.downlinkCommands.rawValue],
            logger: Logger(label: "test"))
        var events = listener.events.makeAsyncIterator()
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await listener.run() }
            #expect(await events.next() == .connected(isReconnect: false))
            let id = try await fixture.app().test(.router) { client in
                let api = DownlinkCommandClient(client: client, signer: signer)
                let body = CommandBodies.liveStartPush(device: "DOCK-1", key: "req-1")
                let created = try await api.post(body)
                #expect(created.status == .created)
                let json = try #require(created.json)
                #expect(json.objectValue?.keys.sorted() == ["accepted_at", "command_id", "status"])
                #expect(json["status"] == .string("ACCEPTED"))
                let id = try #require(json["command_id"]?.stringValue)
                #expect(id == id.lowercased() && UUID(uuidString: id) != nil)
                let acceptedText = try #require(json["accepted_at"]?.stringValue)
                #expect(acceptedText.hasSuffix("Z"))
                let acceptedAt = try #require(RFC3339.date(acceptedText))
                let read = try await api.command(id)
                #expect(read.status == .ok)
                let command = try #require(read.json)
                #expect(
                    command.objectValue?.keys.sorted() == [
                        "accepted_at", "command_id", "command_type", "completed_at", "deadline_at", "delivered_at",
                        "device_id", "idempotency_key", "payload", "progress", "response_code", "response_message",
                        "status", "vendor", "vendor_response",
                    ])
                #expect(command["command_id"] == .string(id))
                #expect(command["status"] == .string("ACCEPTED"))
                #expect(command["vendor"] == .string("dji"))
                #expect(command["device_id"] == .string("DOCK-1"))
                #expect(command["command_type"] == .string("live_start_push"))
                #expect(command["payload"] == CommandBodies.livePayload)
                #expect(command["idempotency_key"] == .string("req-1"))
                #expect(command["accepted_at"] == .string(acceptedText))
                for name in [
                    "delivered_at", "completed_at", "response_code", "response_message", "vendor_response", "progress",
                ] {
                    #expect(command[name] == .null, "\(name)")
                }
                let deadline = try #require(command["deadline_at"]?.stringValue.flatMap(RFC3339.date))
                #expect(abs(deadline.timeIntervalSince(acceptedAt) - 30) < 0.01)
                return id
            }
            // Only the id travels in the notification.
            let notification = await events.next()
            #expect(
                notification
                    == .notification(
                        PostgresNotification(channel: NotificationChannel.downlinkCommands.rawValue, payload: id)))
            tasks.cancelAll()
        }
        try await fixture.drop()
    }

    /// One broken body per rule of API.md §3, in the contract's order: a body wrong in several ways reports
    /// the first.
    static let invalidBodies:
        [(
            name: String, change: @Sendable (inout [String: JSONValue]) -> Void, status: Int,
            code: String, field: String?
        )] = [
            ("no vendor", { $0["vendor"] = nil }, 400, "INVALID_FIELD", "vendor"),
            (
                "other vendor before unknown device",
                {
                    $0["vendor"] = .string("xag")
                    $0["device_id"] = .string("NONE")
                },
                400, "UNSUPPORTED_VENDOR", "vendor"
            ),
            ("vendor not a string", { $0["vendor"] = .integer(1) }, 400, "INVALID_FIELD", "vendor"),
            ("no device", { $0["device_id"] = nil }, 400, "INVALID_FIELD", "device_id"),
            (
                "unknown device before unknown type",
                {
                    $0["device_id"] = .string("NONE")
                    $0["command_type"] = .string("fly_away")
                }, 404, "DEVICE_NOT_FOUND",
                "device_id"
            ),
            ("another tenant's device", { $0["device_id"] = .string("OTHER-1") }, 404, "DEVICE_NOT_FOUND", "device_id"),
            (
                "unknown type before bad payload",
                {
                    $0["command_type"] = .string("fly_away")
                    $0["payload"] = .integer(3)
                }, 400, "UNKNOWN_COMMAND_TYPE",
                "command_type"
            ),
            ("no type", { $0["command_type"] = nil }, 400, "INVALID_FIELD", "command_type"),
            (
                "unsupported before bad payload",
                {
                    $0["command_type"] = .string("putter_open")
                    $0["payload"] = .integer(3)
                },
                400, "UNSUPPORTED_BY_DEVICE", "command_type"
            ),
            (
                "bad payload before bad key",
                {
                    $0["payload"]?.set("url_type", .integer(2))
                    $0["idempotency_key"] = .string("")
                }, 400, "INVALID_FIELD",
                "payload.url_type"
            ),
            (
                "NUL in the payload", { $0["payload"]?.set("url", .string("rtmp://x\u{0}")) }, 400, "INVALID_FIELD",
                "payload.url"
            ),
            ("NUL in the device", { $0["device_id"] = .string("DOCK\u{0}1") }, 400, "INVALID_FIELD", "device_id"),
            ("missing payload", { $0["payload"] = nil }, 400, "INVALID_FIELD", "payload"),
            ("no key", { $0["idempotency_key"] = nil }, 400, "INVALID_FIELD", "idempotency_key"),
            (
                "empty key before bad timeout",
                {
                    $0["idempotency_key"] = .string("")
                    $0["timeout_seconds"] = .integer(-1)
                },
                400, "INVALID_FIELD", "idempotency_key"
            ),
            (
                "key of 129", { $0["idempotency_key"] = .string(String(repeating: "k", count: 129)) }, 400,
                "INVALID_FIELD",
                "idempotency_key"
            ),
            ("timeout 301", { $0["timeout_seconds"] = .integer(301) }, 400, "INVALID_FIELD", "timeout_seconds"),
            ("timeout -1", { $0["timeout_seconds"] = .integer(-1) }, 400, "INVALID_FIELD", "timeout_seconds"),
            ("timeout 1.5", { $0["timeout_seconds"] = .double(1.5) }, 400, "INVALID_FIELD", "timeout_seconds"),
            ("timeout as text", { $0["timeout_seconds"] = .string("30") }, 400, "INVALID_FIELD", "timeout_seconds"),
        ]

    @Test func invalidBodiesAreRefusedInTheContractsOrder() async throws {
        let fixture = try await APIFixture.make()
        let acme = try await fixture.tenant("acme")
        let other = try await fixture.tenant("other")
        let signer = try await fixture.client(tenant: acme)
        try await fixture.device(sn: "DOCK-1", tenant: acme)
        try await fixture.device(sn: "OTHER-1", tenant: other)
        try await fixture.app().test(.router) { client in
            let api = DownlinkCommandClient(client: client, signer: signer)
            for (index, broken) in Self.invalidBodies.enumerated() {
                guard case .object(var body) = CommandBodies.liveStartPush(device: "DOCK-1", key: "k-\(index)") else {
                    continue
                }
                broken.change(&body)
                let response = try await api.post(.object(body))
                #expect(response.status.code == broken.status, "\(broken.name)")
                #expect(response.json?.errorCode == broken.code, "\(broken.name)")
                #expect(response.json?["error"]?["field"] == broken.field.map(JSONValue.string), "\(broken.name)")
            }
            for raw in ["{", "", "[1]", "\"text\"", "{\"vendor\": }"] {
                let response = try await api.post(raw: raw)
                #expect(response.status == .badRequest, "\(raw)")
                #expect(response.json?.errorCode == "MALFORMED_JSON", "\(raw)")
            }
            let count = try await fixture.database.withConnection { connection in
                try await connection.query("SELECT count(*) AS n FROM downlink_commands").first?
                    .decode(Int.self, column: "n")
            }
            #expect(count == 0)
        }
        try await fixture.drop()
    }

    @Test func aDeviceOfAnUnknownModelIsNotRefusedAndEachDockGetsItsOwnMethods() async throws {
        let fixture = try await APIFixture.make()
        let acme = try await fixture.tenant("acme")
        let signer = try await fixture.client(tenant: acme)
        try await fixture.device(sn: "UNREPORTED", modelKey: nil, tenant: acme)
        try await fixture.device(sn: "FUTURE", modelKey: "3-9-0", tenant: acme)
        try await fixture.device(sn: "DOCK1", modelKey: DockModel.dock1.modelKey, tenant: acme)
        try await fixture.device(sn: "DOCK2", modelKey: DockModel.dock2.modelKey, tenant: acme)
        try await fixture.device(
            sn: "AIRCRAFT", gatewaySN: "DOCK2", modelKey: "0-91-0", tenant: acme)
        try await fixture.app().test(.router) { client in
            let api = DownlinkCommandClient(client: client, signer: signer)
            func putterOpen(_ device: String) async throws -> HTTPResponse.Status {
                try await api.post(
                    .object([
                        "vendor": .string("dji"), "device_id": .string(device), "command_type": .string("putter_open"),
                        "idempotency_key": .string("putter-\(device)"),
                    ])
                ).status
            }
            #expect(try await putterOpen("UNREPORTED") == .created)
            #expect(try await putterOpen("FUTURE") == .created)
            #expect(try await putterOpen("DOCK1") == .created)
            #expect(try await putterOpen("DOCK2") == .badRequest)
            // An aircraft is judged by its dock, which carries the command.
            #expect(try await putterOpen("AIRCRAFT") == .badRequest)
            let rows = try await fixture.database.withConnection { connection in
                try await connection.query("SELECT device_sn, gateway_sn, payload FROM downlink_commands ORDER BY seq")
                    .map {
                        try ($0.decode(String.self, column: "device_sn"), $0.decode(JSONValue.self, column: "payload"))
                    }
            }
            #expect(rows.map(\.0) == ["UNREPORTED", "FUTURE", "DOCK1"])
            #expect(rows.allSatisfy { $0.1 == .null })
        }
        try await fixture.drop()
    }

    @Test func aTimeoutOfZeroOrNoneIsSixtySeconds() async throws {
        let fixture = try await APIFixture.make()
        let acme = try await fixture.tenant("acme")
        let signer = try await fixture.client(tenant: acme)
        try await fixture.device(sn: "DOCK-1", tenant: acme)
        try await fixture.app().test(.router) { client in
            let api = DownlinkCommandClient(client: client, signer: signer)
            for (timeout, expected) in [(nil, 60.0), (0, 60), (1, 1), (300, 300)] as [(Int?, Double)] {
                let created = try await api.post(
                    CommandBodies.liveStartPush(
                        device: "DOCK-1", key: "t-\(String(describing: timeout))", timeout: timeout))
                let id = try #require(created.json?["command_id"]?.stringValue)
                let command = try #require(try await api.command(id).json)
                let accepted = try #require(command["accepted_at"]?.stringValue.flatMap(RFC3339.date))
                let deadline = try #require(command["deadline_at"]?.stringValue.flatMap(RFC3339.date))
                #expect(abs(deadline.timeIntervalSince(accepted) - expected) < 0.01, "\(String(describing: timeout))")
            }
        }
        try await fixture.drop()
    }

    @Test func everyCatalogEntryAcceptsItsMinimalPayloadAndNamesEachMissingRequiredField() async throws {
        let fixture = try await APIFixture.make()
        let acme = try await fixture.tenant("acme")
        let signer = try await fixture.client(tenant: acme)
        for model in DockModel.allCases {
            try await fixture.device(sn: "DOCK-\(model.modelKey)", modelKey: model.modelKey, tenant: acme)
        }
        try await fixture.app().test(.router) { client in
            let api = DownlinkCommandClient(client: client, signer: signer)
            var checked = 0
            for entry in CommandCatalog.all {
                let model = try #require(DockModel.allCases.last(where: entry.supportedModels.contains))
                func body(_ payload: JSONValue, key: String) -> JSONValue {
                    .object([
                        "vendor": .string("dji"), "device_id": .string("DOCK-\(model.modelKey)"),
                        "command_type": .string(entry.method), "payload": payload, "idempotency_key": .string(key),
                    ])
                }
                let example = entry.payloadSchema.minimalExample
                let accepted = try await api.post(body(example, key: "\(entry.method)-ok"))
                #expect(accepted.status == .created, "\(entry.method): \(String(describing: accepted.json))")
                for broken in entry.payloadSchema.missingRequiredKeys(in: example) {
                    let refused = try await api.post(body(broken.payload, key: "\(entry.method)-\(broken.field)"))
                    #expect(refused.status == .badRequest, "\(entry.method) without \(broken.field)")
                    #expect(refused.json?.errorCode == "INVALID_FIELD", "\(entry.method) without \(broken.field)")
                    #expect(
                        refused.json?["error"]?["field"] == .string(broken.field),
                        "\(entry.method) without \(broken.field)")
                    checked += 1
                }
            }
            #expect(checked > 100)
        }
        try await fixture.drop()
    }
}

extension JSONValue {
    /// Sets one member of an object; anything else is left as it is.
    mutating func set(_ key: String, _ value: JSONValue) {
        guard case .object(var object) = self else { return }
        object[key] = value
        self = .object(object)
    }
}
