import Foundation
import Logging
import Shared

/// Tells the API that commands changed (`downlink_command_status`), after the change committed. A failure is
/// only logged: the notification is a hint, and a long poll reads the command again when it times out.
///
/// With `DOCKGATE_NOTIFICATIONS=off` it sends nothing: the API does not listen then, and a NOTIFY nobody hears
/// would still cost a commit of its own.
struct StatusNotifier: Sendable {
    let pool: PostgresPool
    let logger: Logger
    var enabled = true

    func notify(_ ids: [UUID]) async {
        guard enabled, !ids.isEmpty else { return }
        do {
            try await pool.query(NotificationQueries.notify(.downlinkCommandStatus, ids: ids))
        } catch {
            logger.warning("cannot notify command status changes", metadata: ["error": "\(error)"])
        }
    }
}
