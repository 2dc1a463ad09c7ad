import Foundation
import Logging
import MQTTClient
import Metrics
import ServiceLifecycle
import Shared

/// Subscribes to every DJI uplink topic and takes each message the broker delivers: answers what the platform
/// answers by itself at once (`status_reply`, `events_reply`, `state_reply`), and hands the rest to the
/// buffers the `IngestWriter` flushes.
///
/// A message that cannot be decoded is logged with its topic and the start of its bytes, counted, and dropped:
/// nothing a device sends stops the loop.
struct UplinkRouter: Service {
    let mqtt: MQTTClient
    let topology: TopologyBuffer
    let telemetry: TelemetryBuffer
    let events: EventBuffer
    /// Downlink commands: `services_reply` completes them, progress events update long-running ones.
    let replies: ReplyCorrelator
    let progress: ProgressTracker
    /// Requests (and `update_topo`, stored as one) for the `RequestHandler`.
    let requests: RequestInbox
    let logger: Logger
    let now: @Sendable () -> Date
    /// How much of a payload a log line shows.
    var logPrefixBytes = 256
    /// The shared-subscription group of the uplink filters (`BridgeConfiguration.shareGroup`); nil: plain.
    var shareGroup: String? = nil

    func run() async throws {
        try await subscribe()
        var recent = RecentMessages()
        for await message in mqtt.messages.cancelOnGracefulShutdown() {
            await handle(message, recent: &recent)
        }
    }

    /// Waits for the first connection, then subscribes once: the client re-subscribes by itself after every
    /// reconnect.
    private func subscribe() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let filters = DJITopic.uplinkFilters(shareGroup: shareGroup)
                try await mqtt.waitUntilConnected(timeout: .seconds(5))
                try await mqtt.subscribe(Dictionary(uniqueKeysWithValues: filters.map { ($0, .atLeastOnce) }))
                logger.info("subscribed to DJI uplink topics", metadata: ["mqtt.filters": "\(filters)"])
                return
            } catch {
                logger.warning("cannot subscribe yet, retrying", metadata: ["error": "\(error)"])
            }
        }
    }

    func handle(_ message: MQTTMessage, recent: inout RecentMessages) async {
        guard let topic = DJITopic(message.topic), topic.kind.isUplink else {
            count("unknown")
            logger.debug("message on a topic outside the DJI grammar", metadata: ["mqtt.topic": "\(message.topic)"])
            return
        }
        count(topic.kind.rawValue)
        let envelope: DJIEnvelope
        do {
            envelope = try DJIEnvelope(decoding: message.payload)
        } catch {
            Counter(label: "dockgate_bridge_decode_failures_total", dimensions: [("kind", topic.kind.rawValue)])
                .increment()
            logger.warning(
                "dropped a message that is not a DJI envelope",
                metadata: [
                    "mqtt.topic": "\(message.topic)", "error": "\(error)", "mqtt.bytes": "\(message.payload.count)",
                    "mqtt.payload_prefix": "\(String(decoding: message.payload.prefix(logPrefixBytes), as: UTF8.self))",
                ]
            )
            return
        }
        if logger.logLevel <= .debug {
            logger.debug(
                "mqtt message",
                metadata: [
                    "mqtt.topic": "\(message.topic)", "mqtt.bytes": "\(message.payload.count)",
                    "dji.kind": "\(topic.kind.rawValue)", "dji.sn": "\(topic.sn)",
                    "mqtt.payload": "\(String(decoding: message.payload.prefix(logPrefixBytes), as: UTF8.self))",
                ]
            )
        }
        // A repeat is answered again (the device may have missed our reply) but stored once.
        let repeated = envelope.tid.map { recent.isDuplicate(topic: message.topic, tid: $0, at: .now) } ?? false
        let received = now()
        switch topic.kind {
        case .status:
            let published = await reply(to: envelope, on: topic)
            if !repeated, let update = DJITopology(gatewaySN: topic.sn, envelope: envelope) {
                topology.record(update, at: received)
            }
            requests.receive(
                .init(
                    kind: .topologyUpdate(reply: published), topic: topic, envelope: envelope, receivedAt: received,
                    repeated: repeated))
        case .osd, .state:
            if topic.kind == .state && envelope.needReply { await reply(to: envelope, on: topic) }
            guard !repeated else { return }
            guard case .object = envelope.data else {
                logger.debug("osd/state without an object in data", metadata: ["mqtt.topic": "\(message.topic)"])
                return
            }
            telemetry.record(
                sn: topic.sn,
                gatewaySN: envelope.gateway.flatMap { $0 == topic.sn ? nil : $0 },
                kind: topic.kind == .osd ? .osd : .state,
                data: envelope.data,
                at: received
            )
        case .servicesReply:
            // Repeats too: the correlator records a duplicate reply for operators rather than dropping it.
            replies.enqueue(message)
        case .events:
            if envelope.needReply { await reply(to: envelope, on: topic) }
            guard !repeated else { return }
            progress.enqueue(message)
            events.append(
                EventBuffer.Pending(
                    deviceSN: topic.sn,
                    gatewaySN: envelope.gateway,
                    method: envelope.method ?? "unknown",
                    tid: envelope.tid,
                    bid: envelope.bid,
                    needReply: envelope.needReply,
                    data: envelope.data,
                    receivedAt: received
                )
            )
        case .requests:
            requests.receive(
                .init(kind: .request, topic: topic, envelope: envelope, receivedAt: received, repeated: repeated))
        default:
            break
        }
    }

    /// `{"result": 0}` on the message's reply topic, echoing tid, bid and method (reference §3); returns the
    /// message as published, nil when it was not.
    @discardableResult
    private func reply(to envelope: DJIEnvelope, on topic: DJITopic) async -> JSONValue? {
        guard let replyTopic = topic.replyTopic else { return nil }
        let message = DJIReply.resultOK(to: envelope, now: Int64(now().timeIntervalSince1970 * 1000))
        return await ReplyPublisher(mqtt: mqtt, logger: logger).publish(message, on: replyTopic, tid: envelope.tid)
    }

    private func count(_ kind: String) {
        Counter(label: "dockgate_bridge_messages_total", dimensions: [("kind", kind)]).increment()
    }
}
