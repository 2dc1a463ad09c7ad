import Foundation
import Logging
import Prometheus
import Shared
import TestSupport
import Testing

@testable import OpenAPI

/// The retention pass deletes exactly the expired history, in batches, and never an open command or a request
/// still waiting for its answer.
@Suite struct RetentionServiceTests {
    /// Rows of every kind the pass looks at, some past their retention and some not; returns the ids that must
    /// survive.
    private func seed(_ database: TestDatabase) async throws -> (openCommand: UUID, recentCommand: UUID) {
        let (tenantID, apiID) = try await database.tenantWithClient()
        try await database.device(sn: "DOCK-1", modelKey: "3-3-0", online: true, tenantID: tenantID)
        var commands: [UUID] = []
        for _ in 0..<5 {
            commands.append(
                try await database.createCommand(
                    tenantID: tenantID, apiID: apiID, deviceSN: "DOCK-1", method: "cover_open"
                ).id)
        }
        try await database.withConnection { connection in
            try await connection.query(
                """
                INSERT INTO device_events (device_sn, method, received_at)
                SELECT 'DOCK-1', 'hms', now() - interval '40 days' - make_interval(secs => g) FROM generate_series(1, 5) g
                UNION ALL SELECT 'DOCK-1', 'hms', now() - interval '1 day' FROM generate_series(1, 2)
                """)
            // Three terminal commands 100 days old, one terminal yesterday, one open for 200 days.
            try await connection.query(
                """
                UPDATE downlink_commands SET status = 'SUCCEEDED', response_code = '0',
                    completed_at = now() - interval '100 days'
                WHERE id = ANY (string_to_array(\(commands[0...2].map(\.uuidString).joined(separator: ",")), ',')::uuid[])
                """)
            try await connection.query(
                """
                UPDATE downlink_commands SET status = 'FAILED', completed_at = now() - interval '1 day'
                WHERE id = \(commands[3])
                """)
            try await connection.query(
                "UPDATE downlink_commands SET accepted_at = now() - interval '200 days' WHERE id = \(commands[4])")
            // Unmatched replies: two old ones, one recent, and a recent one that points at an old command.
            try await connection.query(
                """
                INSERT INTO downlink_replies_unmatched (reason, gateway_sn, message, command_id, received_at)
                VALUES ('unknown_tid', 'DOCK-1', '{}', NULL, now() - interval '40 days'),
                       ('unknown_tid', 'DOCK-1', '{}', NULL, now() - interval '41 days'),
                       ('unknown_tid', 'DOCK-1', '{}', NULL, now() - interval '1 day'),
                       ('late', 'DOCK-1', '{}', \(commands[0]), now() - interval '1 day')
                """)
            // Requests: two answered 100 days ago, one still PENDING from then, one answered yesterday.
            try await connection.query(
                """
                INSERT INTO device_requests (request_id, device_sn, tenant_id, request_type, inbound_payload,
                    routing_decision, reply_source, reply_code, queued_reply_data, received_at, expires_at)
                VALUES
                    (gen_random_uuid(), 'DOCK-1', \(tenantID), 'config', '{}', 'auto_reply', 'auto', 'AUTO_REPLIED',
                        NULL, now() - interval '100 days', NULL),
                    (gen_random_uuid(), 'DOCK-1', \(tenantID), 'config', '{}', 'manual_reply_required', 'manual',
                        'SENT', '{}', now() - interval '100 days', NULL),
                    (gen_random_uuid(), 'DOCK-1', \(tenantID), 'config', '{}', 'manual_reply_required', 'manual',
                        'PENDING', NULL, now() - interval '100 days', now() - interval '99 days'),
                    (gen_random_uuid(), 'DOCK-1', \(tenantID), 'config', '{}', 'auto_reply', 'auto', 'AUTO_REPLIED',
                        NULL, now() - interval '1 day', NULL)
                """)
        }
        return (commands[4], commands[3])
    }

    private func count(_ table: String, in database: TestDatabase) async throws -> Int {
        try await database.withConnection { connection in
            try await connection.query(PostgresQuery(unsafeSQL: "SELECT count(*) AS n FROM \(table)"))[0]
                .decode(Int.self, column: "n")
        }
    }

    @Test func aPassDeletesExpiredHistoryInBatchesAndKeepsOpenWork() async throws {
        let registry = TestMetrics.registry
        let database = try await TestDatabase.migrated()
        let kept = try await seed(database)
        let pool = PostgresPool(connectionString: database.url, maxConnections: 2, logger: Logger(label: "test"))
        var configuration = RetentionConfiguration()
        configuration.batchSize = 2
        let service = RetentionService(pool: pool, configuration: configuration, logger: Logger(label: "test"))

        let deleted = try await service.pass()
        #expect(deleted[.deviceEvents] == 5)
        #expect(deleted[.downlinkCommands] == 3)
        #expect(deleted[.unmatchedReplies] == 2)
        #expect(deleted[.deviceRequests] == 2)
        #expect(try await count("device_events", in: database) == 2)
        #expect(try await count("downlink_replies_unmatched", in: database) == 1)
        #expect(try await count("device_requests", in: database) == 2)
        let commands = try await database.withConnection { connection in
            try await connection.query("SELECT id FROM downlink_commands ORDER BY accepted_at").map {
                try $0.decode(UUID.self, column: "id")
            }
        }
        #expect(commands == [kept.openCommand, kept.recentCommand])
        let pending = try await database.withConnection { connection in
            try await connection.query("SELECT reply_code FROM device_requests ORDER BY received_at")[0]
                .decode(String.self, column: "reply_code")
        }
        #expect(pending == "PENDING")

        // A second pass finds nothing left to delete.
        let again = try await service.pass()
        #expect(again.values.allSatisfy { $0 == 0 })
        let text = String(decoding: registry.emitToBuffer(), as: UTF8.self)
        #expect(text.contains(#"dockgate_retention_deleted_rows_total{table="device_events"}"#))
        await pool.close()
        try await database.drop()
    }

    @Test func zeroDaysKeepsThatHistoryForever() async throws {
        let database = try await TestDatabase.migrated()
        _ = try await seed(database)
        let pool = PostgresPool(connectionString: database.url, maxConnections: 1, logger: Logger(label: "test"))
        let configuration = RetentionConfiguration(
            eventsDays: 0, commandsDays: 0, unmatchedRepliesDays: 30, requestsDays: 0)
        let deleted = try await RetentionService(
            pool: pool, configuration: configuration, logger: Logger(label: "test")
        )
        .pass()
        #expect(deleted == [.unmatchedReplies: 2])
        #expect(try await count("device_events", in: database) == 7)
        #expect(try await count("downlink_commands", in: database) == 5)
        #expect(try await count("device_requests", in: database) == 4)
        await pool.close()
        try await database.drop()
    }

    @Test func settingsComeFromTheEnvironmentAndBadOnesNameTheVariable() throws {
        let configuration = try RetentionConfiguration(
            environment: Environment([
                "RETENTION_EVENTS_DAYS": "7", "RETENTION_COMMANDS_DAYS": "0", "RETENTION_INTERVAL_SECONDS": "600",
                "RETENTION_BATCH_SIZE": "500",
            ]))
        #expect(configuration.eventsDays == 7)
        #expect(configuration.commandsDays == 0)
        #expect(configuration.requestsDays == RetentionConfiguration().requestsDays)
        #expect(configuration.interval == .seconds(600))
        #expect(configuration.batchSize == 500)
        let error = #expect(throws: ConfigurationError.self) {
            try RetentionConfiguration(environment: Environment(["RETENTION_BATCH_SIZE": "0"]))
        }
        #expect(error?.variable == "RETENTION_BATCH_SIZE")
    }
}
