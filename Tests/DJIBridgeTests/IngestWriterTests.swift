import Foundation
import Logging
import Shared
import TestSupport
import Testing

@testable import DJIBridge

@Suite struct IngestWriterTests {
    @Test func aFailedFlushKeepsEverythingForTheNextOne() async throws {
        let topology = TopologyBuffer()
        let telemetry = TelemetryBuffer()
        let events = EventBuffer()
        telemetry.record(sn: "D", gatewaySN: nil, kind: .osd, data: .object(["a": .integer(1)]), at: Date())
        events.append(
            .init(
                deviceSN: "D", gatewaySN: nil, method: "hms", tid: "t", bid: nil, needReply: false, data: .object([:]),
                receivedAt: Date()))
        topology.record(
            DJITopology(gateway: .init(sn: "D", domain: 3, type: 3, subType: 0), subDevices: []), at: Date())

        // A database that is not there: every write fails.
        let down = PostgresPool(
            connectionString: "postgresql://postgres@127.0.0.1:1/none?connect_timeout=2", maxConnections: 1,
            logger: Logger(label: "test"))
        let failing = IngestWriter(
            pool: down, topology: topology, telemetry: telemetry, events: events, interval: .seconds(1),
            logger: Logger(label: "test"))
        await failing.flush()
        #expect(telemetry.count == 1)
        #expect(events.count == 1)
        await down.close()

        // The database is back: the same data is written.
        let database = try await TestDatabase.migrated()
        let up = PostgresPool(connectionString: database.url, maxConnections: 1, logger: Logger(label: "test"))
        let writer = IngestWriter(
            pool: up, topology: topology, telemetry: telemetry, events: events, interval: .seconds(1),
            logger: Logger(label: "test"))
        await writer.flush()
        #expect(telemetry.count == 0)
        #expect(events.count == 0)
        let stored = try await up.query(
            "SELECT (SELECT count(*) FROM device_events WHERE method = 'hms')::int8 AS events, (SELECT osd FROM device_telemetry WHERE sn = 'D') AS osd"
        ).first
        #expect(try stored?.decode(Int.self, column: "events") == 1)
        #expect(
            try stored?.decode(PostgresJSON.self, column: "osd").decode(JSONValue.self) == .object(["a": .integer(1)]))
        await up.close()
        try await database.drop()
    }
}
