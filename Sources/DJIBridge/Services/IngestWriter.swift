import Foundation
import Logging
import Metrics
import ServiceLifecycle
import Shared

/// Writes what the uplink router buffered: topology first (so devices exist and are linked), then telemetry,
/// then events, one statement per kind per flush, and wakes the API's event feed.
///
/// A failed write puts its batch back into the buffer and is tried again on the next flush, so a database
/// restart delays data but loses none; the final flush at shutdown writes what is left.
struct IngestWriter: Service {
    let pool: PostgresPool
    let topology: TopologyBuffer
    let telemetry: TelemetryBuffer
    let events: EventBuffer
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            await flush()
        }
        await flush()
    }

    /// One round of writes; internal so tests can flush without waiting for the interval.
    func flush() async {
        var eventsWritten = false
        for update in topology.drain() {
            do {
                try await TopologyWriter.apply(update, on: pool)
                eventsWritten = true
            } catch {
                topology.restore(update)
                logger.warning(
                    "cannot write topology; will retry",
                    metadata: ["dji.gateway": "\(update.topology.gateway.sn)", "error": "\(error)"]
                )
            }
        }
        let devices = telemetry.drain()
        if !devices.isEmpty {
            do {
                // Written from the deltas' own bytes, not with JSONEncoder: jsonb ignores key order, and
                // encoding thousands of documents per flush with JSONEncoder cost more CPU than the SQL.
                let batch = PostgresJSON(text: String(decoding: TelemetryBuffer.batchJSON(devices), as: UTF8.self))
                let started = ContinuousClock.now
                let row = try await pool.transaction { connection in
                    try await connection.query(IngestQueries.lockEventFeed())
                    return try await connection.query(IngestQueries.flushTelemetry(batch: batch)).first
                }
                record(batch: "telemetry", rows: devices.count, since: started)
                if try row?.decode(Int.self, column: "came_online") ?? 0 > 0 { eventsWritten = true }
            } catch {
                telemetry.restore(devices)
                logger.warning(
                    "cannot write telemetry; will retry",
                    metadata: ["devices": "\(devices.count)", "error": "\(error)"])
            }
        }
        let batch = events.drain()
        if !batch.isEmpty {
            do {
                let json = PostgresJSON(text: JSONValue.array(batch.map(\.row)).compactJSONText)
                let started = ContinuousClock.now
                try await pool.transaction { connection in
                    try await connection.query(IngestQueries.lockEventFeed())
                    try await connection.query(IngestQueries.insertEvents(batch: json))
                }
                record(batch: "events", rows: batch.count, since: started)
                eventsWritten = true
            } catch {
                events.restore(batch)
                logger.warning(
                    "cannot write events; will retry", metadata: ["events": "\(batch.count)", "error": "\(error)"])
            }
        }
        if eventsWritten {
            try? await pool.query(NotificationQueries.notify(.deviceEvents, payload: "batch"))
        }
    }

    private func record(batch kind: String, rows: Int, since started: ContinuousClock.Instant) {
        Counter(label: "dockgate_bridge_db_batches_total", dimensions: [("kind", kind)]).increment()
        Counter(label: "dockgate_bridge_db_rows_total", dimensions: [("kind", kind)]).increment(by: rows)
        Metrics.Timer(label: "dockgate_bridge_db_batch_duration", dimensions: [("kind", kind)])
            .recordInterval(since: started)
    }
}

extension Metrics.Timer {
    func recordInterval(since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
    }
}
