import Foundation
import Logging
import MQTTClient
import Metrics
import ServiceLifecycle
import Shared

/// Publishes the replies integrators queued through the API (`reply_code` QUEUED) on the device's
/// `requests_reply` topic and marks them `SENT`.
///
/// It scans when the API's NOTIFY arrives, every `scanInterval`, and after its LISTEN connection came back
/// (notifications sent meanwhile are lost; the scan finds their rows). Each reply is claimed — the attempt
/// recorded and committed — before it is published, so a reply is published at most once even when the bridge
/// dies half-way; replies this bridge (same MQTT client id) had claimed before it stopped are marked `FAILED`
/// on start, and never published again.
struct RequestReplyPublisher: Service {
    let pool: PostgresPool
    let mqtt: MQTTClient
    /// Its own LISTEN connection on `NotificationChannel.deviceRequestReplies`; this service is its only consumer.
    let listener: PostgresListener
    /// The MQTT client id: unique per bridge, so it names the bridge that claimed a reply.
    let bridgeID: String
    var scanInterval: Duration = .seconds(1)
    var batchSize = 50
    let logger: Logger
    let now: @Sendable () -> Date

    /// A database write that must follow a publish, kept until it succeeds.
    private struct Outcome {
        var requestID: UUID
        var query: PostgresQuery
    }

    func run() async throws {
        let (wakeups, wake) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        await withDiscardingTaskGroup { group in
            group.addTask {
                for await _ in listener.events { wake.yield() }
            }
            group.addTask {
                while !Task.isCancelled && !Task.isShuttingDownGracefully {
                    wake.yield()
                    try? await cancelWhenGracefulShutdown { try await Task.sleep(for: scanInterval) }
                }
            }
            var recovered = false
            var unwritten: [Outcome] = []
            for await _ in wakeups.cancelOnGracefulShutdown() {
                if !recovered { recovered = await recoverInterruptedAttempts() }
                guard recovered else { continue }
                await publishQueued(unwritten: &unwritten)
            }
            group.cancelAll()
        }
    }

    /// Marks the replies this bridge claimed in an earlier life `FAILED`; false while the database is away.
    private func recoverInterruptedAttempts() async -> Bool {
        do {
            let rows = try await pool.query(DeviceRequestQueries.failInterruptedAttempts(bridgeID: bridgeID))
            let interrupted = try rows.map { try $0.decode(UUID.self, column: "request_id") }
            if !interrupted.isEmpty {
                logger.warning(
                    "replies were being published when this bridge stopped; marked FAILED, not sent again",
                    metadata: ["requests": "\(interrupted)"]
                )
            }
            return true
        } catch {
            logger.warning("cannot check for interrupted reply publications yet", metadata: ["error": "\(error)"])
            return false
        }
    }

    /// Writes what earlier publishes left unwritten, then claims and publishes queued replies batch by batch.
    private func publishQueued(unwritten: inout [Outcome]) async {
        while let outcome = unwritten.first {
            guard await write(outcome) else { return }
            unwritten.removeFirst()
        }
        // Without a broker every claim would only be released again; the next scan after reconnecting finds them.
        guard mqtt.state == .connected else { return }
        while true {
            let claimed: [ClaimedReply]
            do {
                claimed = try await pool.query(
                    DeviceRequestQueries.claimQueued(bridgeID: bridgeID, at: now(), limit: batchSize)
                ).map(ClaimedReply.init(row:))
            } catch {
                logger.warning("cannot claim queued replies", metadata: ["error": "\(error)"])
                return
            }
            for reply in claimed {
                let outcome = await publish(reply)
                if !(await write(outcome)) { unwritten.append(outcome) }
            }
            guard claimed.count == batchSize else { return }
        }
    }

    private func publish(_ reply: ClaimedReply) async -> Outcome {
        let topic = DJITopic(sn: reply.deviceSN, kind: .requestsReply)
        let message: JSONValue
        do {
            let envelope = try DJIEnvelope(decoding: Array(reply.inboundPayload.text.utf8))
            message = DJIReply.requestsReply(
                to: envelope,
                gateway: reply.gatewaySN ?? reply.deviceSN,
                data: try reply.data.decode(JSONValue.self),
                now: Int64(now().timeIntervalSince1970 * 1000)
            )
        } catch {
            return fail(reply, "the stored request or reply cannot be read: \(error)")
        }
        var lifecycle = RequestReplyLifecycle(code: .queued, expiresAt: nil)
        let outcome: RequestReplyLifecycle.PublishOutcome
        do {
            try await mqtt.publish(topic: topic.description, payload: DJIReply.bytes(message), qos: .atLeastOnce)
            outcome = .acknowledged
        } catch {
            outcome = Self.outcome(of: error)
        }
        switch lifecycle.published(outcome) {
        case .markSent:
            Counter(label: "dockgate_bridge_replies_total", dimensions: [("kind", topic.kind.rawValue)]).increment()
            logger.info(
                "published a reply to a device request",
                metadata: ["request.id": "\(reply.requestID)", "mqtt.topic": "\(topic)"])
            return Outcome(
                requestID: reply.requestID,
                query: DeviceRequestQueries.markSent(
                    requestID: reply.requestID, bridgeID: bridgeID, message: message, at: now())
            )
        case .release, .ignore:
            logger.info(
                "a reply was not sent; will try again",
                metadata: ["request.id": "\(reply.requestID)", "outcome": "\(outcome)"])
            return Outcome(
                requestID: reply.requestID,
                query: DeviceRequestQueries.releaseAttempt(requestID: reply.requestID, bridgeID: bridgeID)
            )
        case .markFailed(let reason):
            return fail(reply, reason)
        }
    }

    private func fail(_ reply: ClaimedReply, _ reason: String) -> Outcome {
        logger.warning("cannot publish a reply", metadata: ["request.id": "\(reply.requestID)", "error": "\(reason)"])
        return Outcome(
            requestID: reply.requestID,
            query: DeviceRequestQueries.markFailed(requestID: reply.requestID, bridgeID: bridgeID, message: reason)
        )
    }

    /// Records an outcome; false when it should be tried again later. An outcome the database refuses for good
    /// is logged and dropped, so it cannot hold up every reply behind it; its row stays claimed and is marked
    /// `FAILED` when this bridge restarts or by the sweeper.
    private func write(_ outcome: Outcome) async -> Bool {
        do {
            try await pool.query(outcome.query)
            return true
        } catch let error as PostgresError where !error.isTransient {
            logger.error(
                "the database refused a reply's outcome",
                metadata: ["request.id": "\(outcome.requestID)", "error": "\(error)"])
            return true
        } catch {
            logger.warning(
                "cannot record a reply's outcome; will retry",
                metadata: ["request.id": "\(outcome.requestID)", "error": "\(error)"])
            return false
        }
    }

    /// What a failed publish means for the reply (`MQTTError.Kind` documents which failures sent nothing).
    static func outcome(of error: any Error) -> RequestReplyLifecycle.PublishOutcome {
        guard let error = error as? MQTTError else {
            // A cancellation while waiting for the PUBACK: the message was already handed to libmosquitto.
            return .failed("publishing was interrupted (\(error)); the device may or may not have received it")
        }
        switch error.kind {
        case .notConnected, .stopped:
            return .notSent(error.description)
        case .connectionLost, .timedOut:
            return .failed("\(error); the device may or may not have received it")
        case .refused, .library, .invalidConfiguration:
            return .failed(error.description)
        }
    }
}
