import Foundation
import Logging
import ServiceLifecycle
import Shared

/// Keeps the `progress` of long-running commands (API.md §3) from the progress events their devices send
/// (reference §4.2): an event whose method a catalog entry lists as its progress, naming the command by `bid` (or,
/// for flight tasks, by `flight_id`), from the command's gateway or device. Other events pass by untouched.
struct ProgressTracker: Service {
    let pool: PostgresPool
    let logger: Logger
    /// False with `DOCKGATE_NOTIFICATIONS=off`: status changes are then found by the API's periodic re-reads.
    var notifiesStatus = true
    let inbox = MessageInbox()
    var concurrency = 4

    /// Called by `UplinkRouter` for every message on `thing/product/+/events`.
    func enqueue(_ envelope: DJIEnvelope, on topic: DJITopic) {
        inbox.enqueue(envelope, on: topic)
    }

    private var notifier: StatusNotifier { StatusNotifier(pool: pool, logger: logger, enabled: notifiesStatus) }

    func run() async throws {
        await inbox.process(concurrency: concurrency) { message in
            await track(message.envelope, on: message.topic)
        }
    }

    private func track(_ envelope: DJIEnvelope, on topic: DJITopic) async {
        guard let progress = DJIProgress(envelope: envelope) else { return }
        let routes = ProgressRoute.routes(forEvent: progress.method)
        guard !routes.isEmpty else { return }
        let document = CommandProgress.document(for: progress, event: envelope, at: Date())
        var changed: [UUID] = []
        do {
            for route in routes {
                changed += try await pool.query(
                    DownlinkReplyQueries.recordProgress(
                        route: route, sn: topic.sn, bid: progress.bid, progress: document,
                        eventTimestamp: envelope.timestamp)
                ).map { try $0.decode(UUID.self, column: "id") }
            }
        } catch {
            logger.error(
                "cannot record command progress",
                metadata: ["dji.gateway": "\(topic.sn)", "dji.method": "\(progress.method)", "error": "\(error)"])
        }
        if !changed.isEmpty {
            logger.debug(
                "command progress",
                metadata: [
                    "dji.method": "\(progress.method)", "dji.bid": "\(progress.bid)",
                    "progress.status": "\(progress.status)",
                    "commands.count": "\(changed.count)",
                ])
        }
        await notifier.notify(changed)
    }
}
