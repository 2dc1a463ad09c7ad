import Foundation
import NIOHTTP1
import Shared

/// The API's address, from `--api-url`.
struct APIEndpoint: Sendable {
    var host: String
    var port: Int

    init(_ url: String) throws {
        guard let components = URLComponents(string: url), let host = components.host else {
            throw BenchError("\(url) is not an http:// URL")
        }
        self.host = host
        port = components.port ?? 80
    }
}

/// The clients of the command benchmark: each sends a command, long-polls it to a terminal status, and repeats.
struct CommandLoad: Sendable {
    /// What the clients measured.
    struct Result: Sendable {
        /// POST→terminal of every command sent after the warm-up, in milliseconds.
        var latencies: [Double] = []
        /// Measured commands that ended other than `SUCCEEDED`.
        var notSucceeded = 0
        /// When measuring started, for the database's timings.
        var measuredSince = Date()
    }

    let api: APIEndpoint
    let signer: RequestSigner
    let sns: [String]

    static let commandsPath = "/api/v1/open/downlink/commands"
    /// Long enough that a poll never ends empty under load, short enough to notice a stuck command.
    static let waitSeconds = 10

    /// Runs `clients` clients for `warmup` plus `measure`; only commands started after the warm-up count.
    func run(clients: Int, warmup: Duration, measure: Duration) async throws -> Result {
        let start = ContinuousClock.now
        let measureFrom = start + warmup
        let end = measureFrom + measure
        let measuredSince = Date().addingTimeInterval(Double(warmup.components.seconds))
        var result = try await withThrowingTaskGroup(of: Result.self) { group in
            for index in 0..<clients {
                group.addTask { try await client(index, clients: clients, measureFrom: measureFrom, end: end) }
            }
            var total = Result()
            for try await partial in group {
                total.latencies += partial.latencies
                total.notSucceeded += partial.notSucceeded
            }
            return total
        }
        result.measuredSince = measuredSince
        return result
    }

    private func client(_ index: Int, clients: Int, measureFrom: ContinuousClock.Instant, end: ContinuousClock.Instant)
        async throws -> Result
    {
        try await HTTPConnection.withConnection(host: api.host, port: api.port) { connection in
            var result = Result()
            var sequence = 0
            while ContinuousClock.now < end {
                // Clients take turns over the docks, so every dock gets commands and none gets them all.
                let sn = sns[(index + sequence * clients) % sns.count]
                sequence += 1
                let started = ContinuousClock.now
                let status = try await roundTrip(sn: sn, key: "bench-\(index)-\(sequence)", on: &connection)
                if started >= measureFrom {
                    result.latencies.append((ContinuousClock.now - started).milliseconds)
                    if status != "SUCCEEDED" { result.notSucceeded += 1 }
                }
            }
            return result
        }
    }

    /// Creates one command and long-polls it until its status is terminal; returns that status.
    private func roundTrip(sn: String, key: String, on connection: inout HTTPConnection) async throws -> String {
        let body: JSONValue = .object([
            "vendor": .string("dji"), "device_id": .string(sn), "command_type": .string("live_start_push"),
            "payload": .object([
                "url_type": .integer(1), "url": .string("rtmp://127.0.0.1/live/\(sn)"),
                "video_id": .string("\(sn)/165-0-7/normal-0"), "video_quality": .integer(0),
            ]),
            "idempotency_key": .string(key), "timeout_seconds": .integer(30),
        ])
        let bytes = Array(body.jsonData)
        let created = try await send(.POST, Self.commandsPath, body: bytes, on: &connection)
        guard created.status == 201, let id = Self.field("command_id", in: created.body) else {
            throw BenchError("POST \(Self.commandsPath) answered \(created.status): \(Self.text(created.body))")
        }
        while true {
            let polled = try await send(
                .GET, "\(Self.commandsPath)/\(id)", query: "wait_seconds=\(Self.waitSeconds)", on: &connection)
            guard polled.status == 200, let status = Self.field("status", in: polled.body) else {
                throw BenchError("GET \(Self.commandsPath)/\(id) answered \(polled.status): \(Self.text(polled.body))")
            }
            if let value = CommandStatus(rawValue: status), value.isTerminal { return status }
        }
    }

    /// Sends one signed request (a fresh nonce on mutating methods, as API.md §1 requires).
    private func send(
        _ method: HTTPMethod, _ path: String, query: String? = nil, body: [UInt8] = [],
        on connection: inout HTTPConnection
    ) async throws -> HTTPConnection.Response {
        let signed = signer.sign(
            method: method.rawValue, path: path, rawQuery: query, body: body, date: Date(),
            nonce: method == .GET ? nil : Nonce.random())
        let target = query.map { "\(path)?\($0)" } ?? path
        return try await connection.send(method, target, headers: signed.fields, body: body)
    }

    /// Waits until the API lists every dock online with its model known (the bridge has stored its topology):
    /// before that a command would be refused or wait for the device.
    static func waitUntilOnline(_ sns: [String], api: APIEndpoint, signer: RequestSigner) async throws {
        let load = CommandLoad(api: api, signer: signer, sns: sns)
        let deadline = ContinuousClock.now + .seconds(90)
        try await HTTPConnection.withConnection(host: api.host, port: api.port) { connection in
            for sn in sns {
                while true {
                    let answer = try await load.send(.GET, "/api/v1/open/devices/\(sn)", on: &connection)
                    if answer.status == 200, case .object(let device)? = JSONValue(parsing: answer.body),
                        device["online"] == .bool(true), device["model"] == .string(DockModel.dock3.rawValue)
                    {
                        break
                    }
                    guard ContinuousClock.now < deadline else {
                        throw BenchError("dock \(sn) is not online after 90 s: \(text(answer.body))")
                    }
                    try await Task.sleep(for: .milliseconds(200))
                }
            }
        }
    }

    private static func field(_ name: String, in body: [UInt8]) -> String? {
        JSONValue(parsing: body)?.objectValue?[name]?.stringValue
    }

    private static func text(_ body: [UInt8]) -> String {
        String(decoding: body.prefix(500), as: UTF8.self)
    }
}
