import Foundation
import Logging
import Shared

/// Tells the API that commands changed (`downlink_command_status`), after the change committed. A failure is
/// only logged: the notification is a hint, and a long poll reads the command again when it times out.
enum StatusNotifier {
    static func notify(_ ids: [UUID], pool: PostgresPool, logger: Logger) async {
        guard !ids.isEmpty else { return }
        do {
            try await pool.query(NotificationQueries.notify(.downlinkCommandStatus, ids: ids))
        } catch {
            logger.warning("cannot notify command status changes", metadata: ["error": "\(error)"])
        }
    }
}
