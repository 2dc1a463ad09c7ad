import Foundation
import Logging
import ServiceLifecycle
import Shared

/// Marks devices offline after a silence (the protocol never announces a gateway going away; reference §8),
/// recording a `device_offline` event for each.
struct LivenessSweeper: Service {
    let pool: PostgresPool
    let offlineAfter: Duration
    let interval: Duration
    let now: @Sendable () -> Date
    let logger: Logger

    func run() async throws {
        await repeatEvery(interval, logger: logger, failure: "cannot check device liveness") {
            try await sweep(at: now())
        }
    }

    /// One check at `time`; returns the SNs it took offline. Tests call it with a clock of their own.
    @discardableResult
    func sweep(at time: Date) async throws -> [String] {
        let rows = try await pool.transaction { connection in
            try await connection.query(IngestQueries.lockEventFeed())
            return try await connection.query(
                IngestQueries.markSilentDevicesOffline(now: time, silenceSeconds: Int(offlineAfter.components.seconds))
            )
        }
        let offline = try rows.map { try $0.decode(String.self, column: "device_sn") }
        if !offline.isEmpty {
            logger.info("devices went silent", metadata: ["devices": "\(offline)"])
            try await pool.query(NotificationQueries.notify(.deviceEvents, payload: "offline"))
        }
        return offline
    }
}
