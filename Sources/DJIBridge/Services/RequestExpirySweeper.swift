import Foundation
import Logging
import ServiceLifecycle
import Shared

/// Marks requests nobody answered before `expires_at` `EXPIRED` (the dock has stopped waiting), and replies
/// whose publishing bridge went away without finishing `FAILED`.
struct RequestExpirySweeper: Service {
    let pool: PostgresPool
    let interval: Duration
    /// How old a publish attempt must be before its bridge is presumed gone. Far longer than a publish can take
    /// (a PUBACK, or the keep-alive noticing a dead broker), so a live bridge's attempt is never taken over.
    var abandonedAfterSeconds = 300
    let now: @Sendable () -> Date
    let logger: Logger

    func run() async throws {
        await repeatEvery(interval, logger: logger, failure: "cannot expire device requests") {
            try await sweep(at: now())
        }
    }

    /// One pass at `time`; returns the requests it expired. Tests call it with a clock of their own.
    @discardableResult
    func sweep(at time: Date) async throws -> [UUID] {
        let expired = try await pool.query(DeviceRequestQueries.expirePending(now: time))
            .map { try $0.decode(UUID.self, column: "request_id") }
        if !expired.isEmpty {
            logger.info("device requests expired without a reply", metadata: ["requests": "\(expired)"])
        }
        let abandoned = try await pool.query(
            DeviceRequestQueries.failStaleAttempts(now: time, olderThanSeconds: abandonedAfterSeconds)
        ).map { try $0.decode(UUID.self, column: "request_id") }
        if !abandoned.isEmpty {
            logger.warning("replies abandoned by a bridge that went away", metadata: ["requests": "\(abandoned)"])
        }
        return expired
    }
}
