import Foundation
import Logging
import Shared

/// PostgreSQL's single-row commit rate on this server, with `pgbench` and a script that inserts one row shaped
/// like a `downlink_commands` row per transaction (autocommit: one INSERT, one COMMIT, one WAL flush with fsync
/// on). The table lives in a schema of its own, created before and dropped after, so dockgate's tables are
/// untouched.
struct PGBenchCommits {
    let pgbench: String
    let databaseURL: String
    /// Transactions per run, shared among the clients.
    let transactions: Int
    let logger: Logger

    static let schema = "dockgate_bench"

    /// Fixed SQL (no input reaches it), run only by this benchmark.
    static let setup = [
        "DROP SCHEMA IF EXISTS \(schema) CASCADE",
        "CREATE SCHEMA \(schema)",
        """
        CREATE TABLE \(schema).command_rows (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            status text NOT NULL DEFAULT 'ACCEPTED',
            method text NOT NULL,
            device_sn text NOT NULL,
            gateway_sn text NOT NULL,
            accepted_at timestamptz NOT NULL DEFAULT now(),
            deadline_at timestamptz NOT NULL,
            payload jsonb NOT NULL,
            idempotency_key text NOT NULL,
            tid uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
            seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE
        )
        """,
    ]

    static let script = """
        \\set n random(1, 1000000000)
        INSERT INTO \(schema).command_rows (method, device_sn, gateway_sn, deadline_at, payload, idempotency_key) \
        VALUES ('live_start_push', 'BENCHCEILING0001', 'BENCHCEILING0001', now() + interval '30 seconds', \
        '{"url_type": 1, "url": "rtmp://127.0.0.1/live/x", "video_id": "BENCHCEILING0001/165-0-7/normal-0", \
        "video_quality": 0}', 'key-' || :n);

        """

    /// Transactions per second with `clients` connections.
    ///
    /// A count of transactions rather than `-T seconds`: pgbench ends a timed run on SIGALRM, and a child started
    /// by Foundation's `Process` inherits a signal mask that blocks it, so a timed run never ends.
    func measure(clients: Int) async throws -> Double {
        try await run(Self.setup)
        let scriptFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("dockgate-pgbench-\(UUID().uuidString).sql")
        try Self.script.write(to: scriptFile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: scriptFile) }
        let output = try Self.execute(
            pgbench,
            [
                "-n", "-f", scriptFile.path, "-c", "\(clients)", "-j", "\(min(clients, 2))",
                "-t", "\(max(1, transactions / clients))", databaseURL,
            ]
        )
        try await run(["DROP SCHEMA IF EXISTS \(Self.schema) CASCADE"])
        // "tps = 2103.512 (without initial connection time)"
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("tps = ") }),
            let rate = line.dropFirst("tps = ".count).split(separator: " ").first.flatMap({ Double($0) })
        else { throw BenchError("pgbench printed no tps line:\n\(output)") }
        return rate
    }

    private func run(_ statements: [String]) async throws {
        let connection = try await PostgresConnection.connect(to: databaseURL, logger: logger)
        do {
            for statement in statements { try await connection.query(PostgresQuery(unsafeSQL: statement)) }
            await connection.close()
        } catch {
            await connection.close()
            throw error
        }
    }

    private static func execute(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: printed, as: UTF8.self)
        guard process.terminationStatus == 0 else { throw BenchError("\(executable) failed:\n\(text)") }
        return text
    }
}
