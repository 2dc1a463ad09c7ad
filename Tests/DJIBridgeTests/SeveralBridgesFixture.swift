import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import MQTTClient
import Shared
import TestSupport
import Testing

/// What the several-bridges test shares between its steps: one database, one broker of its own, simulated docks
/// of one tenant, a client that publishes uplink messages as those docks, and the two APIs' test clients.
struct SeveralBridgesFixture: Sendable {
    let database: TestDatabase
    let broker: TestBroker
    let tenantID: UUID
    let signer: RequestSigner
    let docks: [SimulatedDock]
    /// Publishes `events` as the docks do, and counts the `events_reply` the bridges send back.
    let uplink: MQTTClient
    let prefix: String
    /// The `requests_reply` messages the bridges published, as the docks would receive them.
    let requestReplies = ReplyLog()

    static let commandsPath = "/api/v1/open/downlink/commands"

    /// Starts one bridge process on the fixture's database and broker, logging at `debug` so the test can tell
    /// which bridge did what.
    func startBridge(_ name: String) throws -> BridgeProcess {
        try BridgeProcess(
            databaseURL: database.url, mqttURL: broker.url, clientID: clientID(name), logLevel: "debug",
            environment: ["TELEMETRY_FLUSH_MS": "100"])
    }

    func clientID(_ bridge: String) -> String { "\(prefix)-\(bridge)" }

    /// Creates a command through `api`; returns its id.
    func createCommand(
        through api: any TestClientProtocol, dock: SimulatedDock, key: String, timeoutSeconds: Int,
        method: String = "supplement_light_open"
    ) async throws -> UUID {
        let body = JSONValue.object([
            "vendor": .string("dji"), "device_id": .string(dock.sn), "command_type": .string(method),
            "idempotency_key": .string(key), "timeout_seconds": .integer(Int64(timeoutSeconds)),
        ])
        let created = try await api.signed(.post, Self.commandsPath, by: signer, body: body.jsonText)
        #expect(created.status == .created, "\(created.json?.jsonText ?? "")")
        return try #require(created.json?["command_id"]?.stringValue.flatMap(UUID.init(uuidString:)))
    }

    /// Waits until the command is terminal (read from the database), then reads it through `api`.
    func finished(_ id: UUID, readThrough api: any TestClientProtocol, timeout: Duration = .seconds(90))
        async throws -> (record: DownlinkCommandRecord, apiStatus: String?)
    {
        let record = try await database.waitForCommand(id, tenantID: tenantID, timeout: timeout)
        let read = try await api.signed(.get, "\(Self.commandsPath)/\(NotificationChannel.payload(id))", by: signer)
        return (record, read.json?["status"]?.stringValue)
    }

    /// Accepts a command for `dock` and claims it in the same transaction with the dispatcher's own statement,
    /// then commits and publishes nothing: the state a bridge leaves when it is killed between its claim's commit
    /// and its publish. That window is microseconds wide in a real bridge, so the test makes it instead of
    /// hoping to hit it. Call it when no other command is due, or the claim takes those too.
    func claimAsABridgeThatDiesBeforePublishing(dock: SimulatedDock, timeoutSeconds: Int) async throws -> UUID {
        let key = "claimed-then-killed"
        let body: JSONValue = .object(["device_id": .string(dock.sn), "idempotency_key": .string(key)])
        let new = NewDownlinkCommand(
            tenantID: tenantID, apiID: signer.apiID, idempotencyKey: key,
            requestHash: NewDownlinkCommand.requestHash(of: body), deviceSN: dock.sn, gatewaySN: dock.sn,
            method: "supplement_light_open", payload: .null, timeoutSeconds: timeoutSeconds)
        return try await database.withConnection { connection in
            try await connection.query("BEGIN")
            let record = try DownlinkCommandRecord(
                row: try await connection.query(DownlinkCommandQueries.insert(new))[0])
            let claimed = try await connection.query(DownlinkDispatchQueries.claimDue(limit: 100))
                .map { try $0.decode(UUID.self, column: "id") }
            try await connection.query("COMMIT")
            #expect(claimed == [record.id])
            return record.id
        }
    }

    /// The command's `progress` as the API shows it.
    func progress(_ id: UUID, readThrough api: any TestClientProtocol) async throws -> JSONValue? {
        try await api.signed(.get, "\(Self.commandsPath)/\(NotificationChannel.payload(id))", by: signer).json?[
            "progress"]
    }

    /// How often the docks received `tid` on their `services` topics.
    func calls(_ tid: UUID) -> Int {
        docks.map { $0.callCount(tid: NotificationChannel.payload(tid)) }.reduce(0, +)
    }

    /// Publishes one `events` message (`hms`, asking for an answer) as `dock` would, `copies` times with one
    /// `tid`: a dock repeats an event whose `events_reply` it missed.
    func publishEvent(from dock: SimulatedDock, tid: String, copies: Int) async throws {
        let message = JSONValue.object([
            "tid": .string(tid), "bid": .string(UUID().uuidString.lowercased()),
            "timestamp": .integer(Int64(Date().timeIntervalSince1970 * 1000)), "method": .string("hms"),
            "gateway": .string(dock.sn), "need_reply": .integer(1),
            "data": .object(["list": .array([])]),
        ])
        for _ in 0..<copies {
            try await uplink.publish(
                topic: DJITopic(sn: dock.sn, kind: .events).description, payload: DJIReply.bytes(message),
                qos: .atLeastOnce)
        }
    }

    /// Publishes a `flighttask_resource_get` request (one the integrator answers) as `dock` would.
    func publishRequest(from dock: SimulatedDock, tid: String) async throws {
        let message = JSONValue.object([
            "tid": .string(tid), "bid": .string(UUID().uuidString.lowercased()),
            "timestamp": .integer(Int64(Date().timeIntervalSince1970 * 1000)),
            "method": .string("flighttask_resource_get"), "gateway": .string(dock.sn),
            "data": .object(["flight_id": .string("flight-\(tid)")]),
        ])
        try await uplink.publish(
            topic: DJITopic(sn: dock.sn, kind: .requests).description, payload: DJIReply.bytes(message),
            qos: .atLeastOnce)
    }

    /// Subscribes the uplink client to every `requests_reply` and records what arrives, until cancelled.
    func recordRequestReplies() async throws {
        try await uplink.subscribe(["thing/product/+/requests_reply": .atLeastOnce])
        for await message in uplink.messages {
            if let envelope = try? DJIEnvelope(decoding: message.payload) {
                requestReplies.append(topic: message.topic, message: envelope.raw)
            }
        }
    }

    /// The request rows stored for `tids`: id and reply code of each, in no particular order.
    func storedRequests(tids: [String]) async throws -> [(id: UUID, tid: String, replyCode: String)] {
        try await database.withConnection { connection in
            try await connection.query(
                """
                SELECT request_id, tid, reply_code FROM device_requests
                WHERE tid = ANY (string_to_array(\(tids.joined(separator: ",")), ','))
                """
            ).map {
                (
                    try $0.decode(UUID.self, column: "request_id"), try $0.decode(String.self, column: "tid"),
                    try $0.decode(String.self, column: "reply_code")
                )
            }
        }
    }

    func scalar(_ query: PostgresQuery) async throws -> Int {
        try await database.withConnection { connection in
            try await connection.query(query).first?.decode(Int.self, column: "n") ?? -1
        }
    }

    /// The `hms` events stored for the fixture's docks, and how many distinct `tid`s they carry.
    func storedEvents() async throws -> (rows: Int, tids: Int) {
        let pattern = "\(prefix)-%"
        return try await database.withConnection { connection in
            let row = try await connection.query(
                """
                SELECT count(*)::int8 AS rows, count(DISTINCT tid)::int8 AS tids FROM device_events
                WHERE method = 'hms' AND device_sn LIKE \(pattern)
                """
            ).first
            return (
                try row?.decode(Int.self, column: "rows") ?? -1, try row?.decode(Int.self, column: "tids") ?? -1
            )
        }
    }

    /// The osd document stored for `sn`.
    func osd(_ sn: String) async throws -> JSONValue {
        try await database.withConnection { connection in
            try await connection.query("SELECT osd FROM device_telemetry WHERE sn = \(sn)").first?
                .decode(PostgresJSON.self, column: "osd").decode(JSONValue.self) ?? .null
        }
    }

    /// Sends `data` as osd from every dock until each dock's stored document shows it. Telemetry goes at most
    /// once (QoS 0) and is sent again every cycle, as a real dock sends it.
    func reportUntilStored(_ key: String, _ value: JSONValue, timeout: Duration = .seconds(60)) async throws -> Bool {
        try await Eventually.check(timeout: timeout) {
            var stored = true
            for dock in docks {
                guard try await osd(dock.sn)[key] != value else { continue }
                stored = false
                try await dock.reportOSD([key: value])
            }
            return stored
        }
    }

    /// Runs `body` while every dock is connected and answering.
    func withDocks(_ body: () async throws -> Void) async throws {
        try await Self.withRunning(docks[...], body)
    }

    private static func withRunning(_ docks: ArraySlice<SimulatedDock>, _ body: () async throws -> Void) async throws {
        guard let dock = docks.first else { return try await body() }
        try await dock.withRunning { try await withRunning(docks.dropFirst(), body) }
    }
}
