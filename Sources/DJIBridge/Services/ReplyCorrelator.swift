import Foundation
import Logging
import ServiceLifecycle
import Shared

/// Completes commands from their `services_reply` (API.md §3, "Reply mapping"): finds the command by `tid` and
/// locks it, lets `CommandLifecycle` decide on the database's clock, stores the outcome and keeps every reply that
/// completed nothing in `downlink_replies_unmatched`, then notifies the API after the commit.
struct ReplyCorrelator: Service {
    let pool: PostgresPool
    let logger: Logger
    /// False with `DOCKGATE_NOTIFICATIONS=off`: status changes are then found by the API's periodic re-reads.
    var notifiesStatus = true
    let inbox = MessageInbox()
    /// Replies correlated at once; the row lock keeps two replies with one `tid` in order.
    var concurrency = 8

    /// Called by `UplinkRouter` for every message on `thing/product/+/services_reply`.
    func enqueue(_ envelope: DJIEnvelope, on topic: DJITopic) {
        inbox.enqueue(envelope, on: topic)
    }

    private var notifier: StatusNotifier { StatusNotifier(pool: pool, logger: logger, enabled: notifiesStatus) }

    func run() async throws {
        await inbox.process(concurrency: concurrency) { message in
            await correlate(message.envelope, on: message.topic)
        }
    }

    private func correlate(_ envelope: DJIEnvelope, on topic: DJITopic) async {
        var metadata: Logger.Metadata = [
            "dji.gateway": "\(topic.sn)", "dji.tid": "\(envelope.tid ?? "")", "dji.method": "\(envelope.method ?? "")",
        ]
        guard let reply = DJIServiceReply(envelope: envelope), let tid = UUID(uuidString: reply.tid) else {
            let reason: UnmatchedReplyReason = envelope.data.objectValue == nil ? .unreadable : .unknownTID
            await keep(envelope, topic: topic, reason: reason, commandID: nil, metadata: metadata)
            return
        }
        do {
            let completed: UUID? = try await pool.transaction { connection in
                guard let row = try await connection.query(DownlinkReplyQueries.lock(tid: tid)).first else {
                    try await connection.query(keepQuery(envelope, topic: topic, reason: .unknownTID, commandID: nil))
                    return nil
                }
                let locked = try LockedCommand(row: row)
                metadata["command.id"] = "\(NotificationChannel.payload(locked.id))"
                var lifecycle = CommandLifecycle(locked.command)
                switch lifecycle.replyReceived(reply, topicSN: topic.sn, at: locked.now) {
                case .complete(let outcome):
                    try await connection.query(
                        DownlinkReplyQueries.complete(id: locked.id, outcome: outcome, provesDelivery: true))
                    metadata["command.status"] = "\(outcome.status.rawValue)"
                    return locked.id
                case .completeAndKeep(let outcome, let reason):
                    try await connection.query(
                        DownlinkReplyQueries.complete(id: locked.id, outcome: outcome, provesDelivery: false))
                    try await connection.query(keepQuery(envelope, topic: topic, reason: reason, commandID: locked.id))
                    metadata["command.status"] = "\(outcome.status.rawValue)"
                    metadata["reply.unmatched"] = "\(reason.rawValue)"
                    return locked.id
                case .keep(let reason):
                    try await connection.query(keepQuery(envelope, topic: topic, reason: reason, commandID: locked.id))
                    metadata["reply.unmatched"] = "\(reason.rawValue)"
                    return nil
                }
            }
            logger.debug("services_reply correlated", metadata: metadata)
            if let completed { await notifier.notify([completed]) }
        } catch {
            logger.error("cannot correlate a services_reply", metadata: metadata.merging(["error": "\(error)"]) { $1 })
        }
    }

    private func keep(
        _ envelope: DJIEnvelope, topic: DJITopic, reason: UnmatchedReplyReason, commandID: UUID?,
        metadata: Logger.Metadata
    ) async {
        do {
            try await pool.query(keepQuery(envelope, topic: topic, reason: reason, commandID: commandID))
            logger.debug(
                "services_reply kept as unmatched",
                metadata: metadata.merging(["reply.unmatched": "\(reason.rawValue)"]) { $1 })
        } catch {
            logger.error(
                "cannot keep an unmatched services_reply", metadata: metadata.merging(["error": "\(error)"]) { $1 })
        }
    }

    private func keepQuery(_ envelope: DJIEnvelope, topic: DJITopic, reason: UnmatchedReplyReason, commandID: UUID?)
        -> PostgresQuery
    {
        DownlinkReplyQueries.keepUnmatched(
            reason: reason, gatewaySN: topic.sn, method: envelope.method, tid: envelope.tid, bid: envelope.bid,
            commandID: commandID, message: envelope.raw)
    }
}
