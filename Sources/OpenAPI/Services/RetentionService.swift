import Foundation
import Logging
import Metrics
import ServiceLifecycle
import Shared

/// Deletes history older than its retention (`RetentionConfiguration`) once per interval, in batches of at most
/// `batchSize` rows per statement, so the pass never holds many row locks or a long transaction while the
/// bridges write. Logs one line per pass and counts what it deleted in `dockgate_retention_deleted_rows_total`.
///
/// It runs in open-api rather than in dji-bridge: the API already runs the other housekeeping
/// (`NoncePruningService`), its database pool is idle most of the time, and the bridges' connections stay free
/// for ingest, whose latency docks feel. Every API process runs it; `SKIP LOCKED` in the deletes lets several
/// share a pass instead of waiting on each other's rows.
struct RetentionService: Service {
    let pool: PostgresPool
    let configuration: RetentionConfiguration
    let logger: Logger
    var now: @Sendable () -> Date = { Date() }

    /// One kind of history the pass deletes from, named after its table in logs and metrics.
    enum Table: String, CaseIterable, Sendable {
        case deviceEvents = "device_events"
        case downlinkCommands = "downlink_commands"
        case unmatchedReplies = "downlink_replies_unmatched"
        case deviceRequests = "device_requests"
    }

    func run() async throws {
        logger.info(
            "retention configured",
            metadata: [
                "retention.events_days": "\(configuration.eventsDays)",
                "retention.commands_days": "\(configuration.commandsDays)",
                "retention.unmatched_replies_days": "\(configuration.unmatchedRepliesDays)",
                "retention.requests_days": "\(configuration.requestsDays)",
                "retention.interval": "\(configuration.interval)",
            ])
        // The first pass waits one interval too: at start-up the schema may still be migrating.
        await repeatEvery(configuration.interval, logger: logger, failure: "retention pass failed") {
            _ = try await pass()
        }
    }

    /// Runs one pass over every table with a retention and returns the rows deleted per table. Each table is
    /// emptied of expired rows batch by batch until a batch comes back short; a graceful shutdown stops the
    /// pass between two batches.
    func pass() async throws -> [Table: Int] {
        let started = ContinuousClock.now
        let reference = now()
        var deleted: [Table: Int] = [:]
        for table in Table.allCases {
            guard let query = query(for: table, reference: reference) else { continue }
            var total = 0
            while !Task.isShuttingDownGracefully {
                let rows = try await pool.query(query).affectedRows
                total += rows
                if rows < configuration.batchSize { break }
            }
            deleted[table] = total
            Counter(label: "dockgate_retention_deleted_rows_total", dimensions: [("table", table.rawValue)])
                .increment(by: total)
        }
        let elapsed = ContinuousClock.now - started
        let (seconds, attoseconds) = elapsed.components
        Metrics.Timer(label: "dockgate_retention_pass_duration")
            .recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        var metadata: Logger.Metadata = ["retention.duration": "\(elapsed)"]
        for (table, count) in deleted { metadata["retention.deleted.\(table.rawValue)"] = "\(count)" }
        logger.info("retention pass done", metadata: metadata)
        return deleted
    }

    /// The delete statement of `table`, or nil when its retention is 0 (kept forever).
    private func query(for table: Table, reference: Date) -> PostgresQuery? {
        let limit = configuration.batchSize
        func cutoff(_ days: Int) -> Date? {
            days > 0 ? reference.addingTimeInterval(-Double(days) * 86_400) : nil
        }
        switch table {
        case .deviceEvents:
            return cutoff(configuration.eventsDays).map { RetentionQueries.deleteEvents(before: $0, limit: limit) }
        case .downlinkCommands:
            return cutoff(configuration.commandsDays).map {
                RetentionQueries.deleteCommands(completedBefore: $0, limit: limit)
            }
        case .unmatchedReplies:
            return cutoff(configuration.unmatchedRepliesDays).map {
                RetentionQueries.deleteUnmatchedReplies(before: $0, limit: limit)
            }
        case .deviceRequests:
            return cutoff(configuration.requestsDays).map { RetentionQueries.deleteRequests(before: $0, limit: limit) }
        }
    }
}
