import Foundation
import Logging
import Shared
import TestSupport
import Testing

@testable import DJIBridge

/// Two bridges' writers on one database, flushing in the order a round-robin broker can produce: what a dock sent
/// last wins, a repeat that reached the other bridge is stored once, and stale data never revives a device.
@Suite struct SeveralBridgesIngestTests {
    /// One bridge's buffers and writer.
    struct Bridge {
        let telemetry = TelemetryBuffer()
        let events = EventBuffer()
        let writer: IngestWriter

        init(pool: PostgresPool) {
            writer = IngestWriter(
                pool: pool, topology: TopologyBuffer(), telemetry: telemetry, events: events, interval: .seconds(1),
                logger: Logger(label: "test"))
        }

        func osd(_ sn: String, _ data: [String: JSONValue], at time: Date) {
            telemetry.record(sn: sn, gatewaySN: nil, kind: .osd, data: .object(data), at: time)
        }

        func event(_ sn: String, tid: String, at time: Date) {
            events.append(
                .init(
                    deviceSN: sn, gatewaySN: sn, method: "hms", tid: tid, bid: nil, needReply: true,
                    data: .object(["list": .array([])]), receivedAt: time))
        }
    }

    func withBridges(_ body: (PostgresPool, Bridge, Bridge) async throws -> Void) async throws {
        let database = try await TestDatabase.migrated()
        let pool = PostgresPool(connectionString: database.url, maxConnections: 2, logger: Logger(label: "test"))
        do {
            try await body(pool, Bridge(pool: pool), Bridge(pool: pool))
        } catch {
            await pool.close()
            try await database.drop()
            throw error
        }
        await pool.close()
        try await database.drop()
    }

    func device(_ sn: String, pool: PostgresPool) async throws -> DeviceRecord {
        let rows = try await pool.query(DeviceQueries.all()).map(DeviceRecord.init(row:))
        return try #require(rows.first { $0.sn == sn })
    }

    func osd(_ record: DeviceRecord) throws -> JSONValue {
        try record.osd.decode(JSONValue.self)
    }

    func count(_ pool: PostgresPool, _ sql: PostgresQuery) async throws -> Int {
        try await pool.query(sql).first?.decode(Int.self, column: "n") ?? -1
    }

    @Test(arguments: [true, false])
    func anOlderFlushNeverOverwritesWhatTheOtherBridgeStoredNewer(olderFlushesLast: Bool) async throws {
        try await withBridges { pool, first, second in
            let start = Date(timeIntervalSince1970: 1_800_000_000)
            first.osd(
                "DOCK",
                [
                    "seq": .integer(1), "only_first": .string("kept"),
                    "nested": .object(["a": .integer(1), "b": .integer(1)]),
                ],
                at: start)
            second.osd(
                "DOCK", ["seq": .integer(2), "nested": .object(["a": .integer(2)])], at: start.addingTimeInterval(1))
            if olderFlushesLast {
                await second.writer.flush()
                await first.writer.flush()
            } else {
                await first.writer.flush()
                await second.writer.flush()
            }
            let stored = try await device("DOCK", pool: pool)
            #expect(
                try osd(stored)
                    == .object([
                        "seq": .integer(2), "only_first": .string("kept"),
                        "nested": .object(["a": .integer(2), "b": .integer(1)]),
                    ]))
            #expect(stored.osdUpdatedAt == start.addingTimeInterval(1))
            #expect(stored.lastSeenAt == start.addingTimeInterval(1))
        }
    }

    @Test func aRepeatedEventThatReachedTheOtherBridgeIsStoredOnce() async throws {
        try await withBridges { pool, first, second in
            let now = Date()
            first.event("DOCK", tid: "t-1", at: now)
            second.event("DOCK", tid: "t-1", at: now.addingTimeInterval(2))
            // The same tid from another device, and the first device's tid again long after: different events.
            second.event("OTHER", tid: "t-1", at: now.addingTimeInterval(2))
            await first.writer.flush()
            await second.writer.flush()
            first.event("DOCK", tid: "t-1", at: now.addingTimeInterval(600))
            await first.writer.flush()
            let rows = try await pool.query(
                "SELECT device_sn, received_at FROM device_events WHERE method = 'hms' ORDER BY id")
            let stored = try rows.map { try $0.decode(String.self, column: "device_sn") }
            #expect(stored == ["DOCK", "OTHER", "DOCK"])
        }
    }

    @Test func aRepeatedRequestThatReachedTheOtherBridgeIsStoredOnce() async throws {
        try await withBridges { pool, _, _ in
            let now = Date()
            func request(_ method: String, tid: String, after seconds: TimeInterval) -> NewDeviceRequest {
                NewDeviceRequest(
                    deviceSN: "DOCK", gatewaySN: "DOCK", requestType: method, tid: tid, bid: nil,
                    inboundPayload: .object(["tid": .string(tid)]), decision: .manualReplyRequired,
                    replyCode: .pending, replyMessage: "awaiting cloud decision", standardizedReply: nil,
                    receivedAt: now.addingTimeInterval(seconds), expiresAt: now.addingTimeInterval(seconds + 60),
                    repliedAt: nil)
            }
            // Each bridge stores what it received, with an id of its own: the copy of the other is skipped.
            for stored in [
                request("flighttask_resource_get", tid: "t-1", after: 0),
                request("flighttask_resource_get", tid: "t-1", after: 3),
                request("flight_areas_get", tid: "t-1", after: 3),
                request("flighttask_resource_get", tid: "t-1", after: 600),
            ] {
                try await pool.query(DeviceRequestQueries.insert(stored))
            }
            let rows = try await pool.query(
                "SELECT request_type FROM device_requests ORDER BY received_at, request_type"
            )
            .map { try $0.decode(String.self, column: "request_type") }
            #expect(rows == ["flighttask_resource_get", "flight_areas_get", "flighttask_resource_get"])
        }
    }

    @Test func aStaleFlushFromTheOtherBridgeDoesNotBringAnOfflineDeviceBack() async throws {
        try await withBridges { pool, first, second in
            let start = Date(timeIntervalSince1970: 1_800_000_000)
            let sweeper = LivenessSweeper(
                pool: pool, offlineAfter: .seconds(60), interval: .seconds(1), now: { start },
                logger: Logger(label: "test"))
            let onlineEvents: PostgresQuery =
                "SELECT count(*)::int8 AS n FROM device_events WHERE device_sn = 'DOCK' AND method = 'device_online'"
            first.osd("DOCK", ["seq": .integer(1)], at: start.addingTimeInterval(-2))
            await first.writer.flush()
            // A device that is online stays so without another device_online.
            first.osd("DOCK", ["seq": .integer(2)], at: start)
            await first.writer.flush()
            #expect(try await count(pool, onlineEvents) == 1)
            #expect(try await sweeper.sweep(at: start.addingTimeInterval(120)) == ["DOCK"])

            // The other bridge could not write for two minutes and flushes what it received before.
            second.osd("DOCK", ["seq": .integer(1)], at: start.addingTimeInterval(-1))
            await second.writer.flush()
            var stored = try await device("DOCK", pool: pool)
            #expect(!stored.online)
            #expect(try osd(stored) == .object(["seq": .integer(2)]))
            let onlineAfterStale = try await count(pool, onlineEvents)
            #expect(onlineAfterStale == 1)

            // The dock speaks again: online, with one more event.
            first.osd("DOCK", ["seq": .integer(3)], at: start.addingTimeInterval(130))
            await first.writer.flush()
            stored = try await device("DOCK", pool: pool)
            #expect(stored.online)
            #expect(try await count(pool, onlineEvents) == 2)
        }
    }
}
