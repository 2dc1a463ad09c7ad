import Foundation
import Logging
import ServiceLifecycle
import Shared

/// Moves open commands past their deadline to `TIMED_OUT`, every `interval`, whatever notifications did or did not
/// arrive (API.md §3: "no reply before deadline_at"), with a `response_message` saying how far each got.
struct DeadlineSweeper: Service {
    let pool: PostgresPool
    let logger: Logger
    /// False with `DOCKGATE_NOTIFICATIONS=off`: status changes are then found by the API's periodic re-reads.
    var notifiesStatus = true
    /// Well under the one second the issue allows between a deadline and `TIMED_OUT`.
    var interval: Duration = .milliseconds(250)

    private var notifier: StatusNotifier { StatusNotifier(pool: pool, logger: logger, enabled: notifiesStatus) }

    func run() async throws {
        await repeatEvery(interval, logger: logger, failure: "cannot time out expired commands") {
            let ids = try await pool.query(DownlinkDispatchQueries.timeOutExpired())
                .map { try $0.decode(UUID.self, column: "id") }
            guard !ids.isEmpty else { return }
            logger.info("commands timed out", metadata: ["commands.count": "\(ids.count)"])
            await notifier.notify(ids)
        }
    }
}
