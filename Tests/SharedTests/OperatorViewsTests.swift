import Foundation
import Shared
import TestSupport
import Testing

/// The `ops_*` views of migration 0006 answer the operator's questions from real rows, and leave out what does
/// not belong (finished commands, yesterday's failures, online devices, answered requests).
@Suite struct OperatorViewsTests {
    @Test func stuckCommandsListOpenOnesOldestFirstWithWhatTheyWaitFor() async throws {
        let database = try await TestDatabase.migrated()
        let (tenantID, apiID) = try await database.tenantWithClient()
        try await database.device(sn: "DOCK-UP", modelKey: "3-3-0", online: true, tenantID: tenantID)
        try await database.device(sn: "DOCK-DOWN", modelKey: "3-3-0", online: false, tenantID: tenantID)
        let offline = try await database.createCommand(
            tenantID: tenantID, apiID: apiID, deviceSN: "DOCK-DOWN", method: "cover_open")
        let delivered = try await database.createCommand(
            tenantID: tenantID, apiID: apiID, deviceSN: "DOCK-UP", method: "cover_close")
        let overdue = try await database.createCommand(
            tenantID: tenantID, apiID: apiID, deviceSN: "DOCK-UP", method: "debug_mode_open")
        let finished = try await database.createCommand(
            tenantID: tenantID, apiID: apiID, deviceSN: "DOCK-UP", method: "device_reboot")
        let rows = try await database.withConnection { connection in
            // Ages apart, so the order is the one of acceptance whatever the clock's resolution.
            try await connection.query(
                "UPDATE downlink_commands SET accepted_at = now() - interval '3 hours' WHERE id = \(offline.id)")
            try await connection.query(
                """
                UPDATE downlink_commands SET status = 'DELIVERED', delivered_at = now(),
                    accepted_at = now() - interval '2 hours'
                WHERE id = \(delivered.id)
                """)
            try await connection.query(
                """
                UPDATE downlink_commands SET accepted_at = now() - interval '1 hour', deadline_at = now()
                WHERE id = \(overdue.id)
                """)
            try await connection.query(
                """
                UPDATE downlink_commands SET status = 'SUCCEEDED', completed_at = now(), response_code = '0'
                WHERE id = \(finished.id)
                """)
            return try await connection.query(
                "SELECT id, status, tenant, age::text AS age, waiting_for FROM ops_stuck_commands")
        }
        let listed = try rows.map { try $0.decode(UUID.self, column: "id") }
        #expect(listed == [offline.id, delivered.id, overdue.id])
        let waitingFor = try rows.map { try $0.decode(String.self, column: "waiting_for") }
        #expect(waitingFor[0].hasPrefix("device offline"))
        #expect(waitingFor[1].hasPrefix("delivered"))
        #expect(waitingFor[2].hasPrefix("past its deadline"))
        #expect(try rows[0].decode(String.self, column: "age").hasPrefix("03:00:"))
        #expect(try rows[1].decode(String.self, column: "status") == "DELIVERED")
        #expect(try rows[0].decode(String.self, column: "tenant") == "acme")
        try await database.drop()
    }

    @Test func failuresTodayAreGroupedByStatusCodeAndMethodWithoutYesterdays() async throws {
        let database = try await TestDatabase.migrated()
        let (tenantID, apiID) = try await database.tenantWithClient()
        try await database.device(sn: "DOCK-1", modelKey: "3-3-0", online: true, tenantID: tenantID)
        try await database.device(sn: "DOCK-2", modelKey: "3-3-0", online: true, tenantID: tenantID)
        var ended: [(UUID, String, String?, String)] = []
        for (sn, status, code, when) in [
            ("DOCK-1", "FAILED", "314000", "now()"), ("DOCK-2", "FAILED", "314000", "now()"),
            ("DOCK-1", "TIMED_OUT", nil, "now()"),
            ("DOCK-1", "FAILED", "314000", "date_trunc('day', now()) - interval '1 hour'"),
        ] as [(String, String, String?, String)] {
            let command = try await database.createCommand(
                tenantID: tenantID, apiID: apiID, deviceSN: sn, method: "flighttask_execute")
            ended.append((command.id, status, code, when))
        }
        let rows = try await database.withConnection { connection in
            for (id, status, code, when) in ended {
                try await connection.query(
                    """
                    UPDATE downlink_commands SET status = \(status), response_code = \(code),
                        response_message = \("ended " + status), completed_at = \(unescaped: when)
                    WHERE id = \(id)
                    """)
            }
            return try await connection.query(
                "SELECT status, response_code, method, commands, gateways, last_message FROM ops_failures_today")
        }
        #expect(rows.count == 2)
        #expect(try rows[0].decode(String.self, column: "status") == "FAILED")
        #expect(try rows[0].decode(String.self, column: "response_code") == "314000")
        #expect(try rows[0].decode(Int.self, column: "commands") == 2)
        #expect(try rows[0].decode(Int.self, column: "gateways") == 2)
        #expect(try rows[1].decode(String.self, column: "status") == "TIMED_OUT")
        #expect(try rows[1].decode(String.self, column: "response_code") == "")
        #expect(try rows[1].decode(String.self, column: "last_message") == "ended TIMED_OUT")
        try await database.drop()
    }

    @Test func offlineDevicesListGatewaysFirstWithTheCommandsWaitingForThem() async throws {
        let database = try await TestDatabase.migrated()
        let (tenantID, apiID) = try await database.tenantWithClient()
        try await database.device(sn: "DOCK-UP", modelKey: "3-3-0", online: true, tenantID: tenantID)
        try await database.device(sn: "DOCK-DOWN", modelKey: "3-3-0", online: false, tenantID: tenantID)
        try await database.device(
            sn: "AIRCRAFT-DOWN", gatewaySN: "DOCK-DOWN", modelKey: "0-100-0", online: false, tenantID: tenantID)
        try await database.device(sn: "DOCK-NEW", modelKey: nil, online: false, tenantID: nil)
        _ = try await database.createCommand(
            tenantID: tenantID, apiID: apiID, deviceSN: "DOCK-DOWN", method: "cover_open")
        let rows = try await database.withConnection { connection in
            try await connection.query("UPDATE devices SET last_seen_at = NULL WHERE sn = 'DOCK-NEW'")
            return try await connection.query("SELECT sn, tenant, commands_waiting FROM ops_devices_offline")
        }
        #expect(
            try rows.map { try $0.decode(String.self, column: "sn") } == ["DOCK-DOWN", "DOCK-NEW", "AIRCRAFT-DOWN"])
        #expect(try rows[0].decode(Int.self, column: "commands_waiting") == 1)
        #expect(try rows[1].decode(String?.self, column: "tenant") == nil)
        try await database.drop()
    }

    @Test func pendingRequestsShowWhoMustActAndLeaveAnsweredOnesOut() async throws {
        let database = try await TestDatabase.migrated()
        let (tenantID, _) = try await database.tenantWithClient()
        let requests: [(String, String, String?)] = [
            ("PENDING", "now() + interval '1 minute'", nil),
            ("QUEUED", "NULL", #"{"result": 0}"#),
            ("SENT", "NULL", #"{"result": 0}"#),
            ("PENDING", "now() - interval '1 minute'", nil),
        ]
        let rows = try await database.withConnection { connection in
            for (index, (code, expires, queued)) in requests.enumerated() {
                try await connection.query(
                    """
                    INSERT INTO device_requests (request_id, device_sn, tenant_id, request_type, inbound_payload,
                        routing_decision, reply_source, reply_code, queued_reply_data, received_at, expires_at)
                    VALUES (gen_random_uuid(), 'DOCK-1', \(tenantID), 'flighttask_resource_get', '{}',
                        'manual_reply_required', 'manual', \(code), \(queued)::jsonb,
                        now() - interval '\(unescaped: String(10 - index)) minutes', \(unescaped: expires))
                    """)
            }
            return try await connection.query("SELECT reply_code, waiting_for FROM ops_requests_pending")
        }
        #expect(try rows.map { try $0.decode(String.self, column: "reply_code") } == ["PENDING", "QUEUED", "PENDING"])
        let waitingFor = try rows.map { try $0.decode(String.self, column: "waiting_for") }
        #expect(waitingFor[0].hasPrefix("waiting for an integrator"))
        #expect(waitingFor[1].hasPrefix("reply queued"))
        #expect(waitingFor[2].hasPrefix("expired"))
        try await database.drop()
    }

    @Test func everyOperatorViewHasAComment() async throws {
        let database = try await TestDatabase.migrated()
        let rows = try await database.withConnection { connection in
            try await connection.query(
                """
                SELECT c.relname, obj_description(c.oid, 'pg_class') AS comment FROM pg_class c
                WHERE c.relkind = 'v' AND c.relname LIKE 'ops\\_%' ORDER BY c.relname
                """)
        }
        #expect(
            try rows.map { try $0.decode(String.self, column: "relname") } == [
                "ops_devices_offline", "ops_failures_today", "ops_requests_pending", "ops_stuck_commands",
            ])
        for row in rows { #expect(try row.decode(String?.self, column: "comment")?.isEmpty == false) }
        try await database.drop()
    }
}
