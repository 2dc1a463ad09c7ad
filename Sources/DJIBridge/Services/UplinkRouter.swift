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
///
/// Decoding and routing run on ``workers`` lanes (one task each); a dispatcher reads the MQTT client's stream
/// and puts each message on the lane its topic's SN hashes to. **Every message of one SN goes to the same lane,
/// and a lane handles its messages one at a time in arrival order**, so each device's messages are handled in
/// the order the broker delivered them, which is all the DJI protocol orders (reference §0.1: order and dedupe
/// per topic). Messages of different SNs (a dock and its aircraft) may be handled out of arrival order; nothing
/// depends on that: the `IngestWriter` flushes topology before telemetry and events. A repeat is detected per
/// lane, which suffices because the dedupe key, the topic, holds the SN.
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
    /// Lanes that decode and route in parallel: one per core (the machine's other processes, libmosquitto's
    /// loop thread and the flush share them), at least two so that one lane waiting for a reply's PUBACK does
    /// not stop the others.
    var workers = max(2, min(ProcessInfo.processInfo.activeProcessorCount, 16))
    /// Messages a lane holds before the dispatcher waits for it.
    var laneCapacity = 512

    func run() async throws {
        try await subscribe()
        let lanes = (0..<workers).map { _ in UplinkLane(capacity: laneCapacity) }
        await withDiscardingTaskGroup { group in
            for lane in lanes {
                group.addTask {
                    // The dedupe window's default capacity, shared out over the lanes.
                    var state = LaneState(recent: RecentMessages(capacity: 100_000 / lanes.count))
                    while let message = await lane.next() {
                        await handle(message, state: &state)
                    }
                }
            }
            var receive = ReceiveMetrics()
            var dispatched = 0
            for await message in mqtt.messages.cancelOnGracefulShutdown() {
                await lanes[Self.lane(of: message.topic, count: lanes.count)].send(message)
                // Drops happen only while the buffer is full, i.e. while messages keep coming: looking every
                // 256 messages is timely enough and keeps the client's lock off the per-message path.
                dispatched &+= 1
                if dispatched & 255 == 0 { receive.update(from: mqtt.receiveStatistics) }
            }
            receive.update(from: mqtt.receiveStatistics)
            // The lanes finish what they hold (graceful shutdown) and their tasks end.
            for lane in lanes { lane.finish() }
        }
    }

    /// What a lane keeps between messages.
    struct LaneState {
        var recent: RecentMessages
        /// `dockgate_bridge_messages_total` per kind, made once: making a counter looks it up in the registry.
        var counters: [String: Counter] = [:]

        mutating func count(_ kind: String) {
            if let counter = counters[kind] {
                counter.increment()
            } else {
                let counter = Counter(label: "dockgate_bridge_messages_total", dimensions: [("kind", kind)])
                counters[kind] = counter
                counter.increment()
            }
        }
    }

    /// The lane of a topic: a hash of its SN (`{sys,thing}/product/{sn}/...`, the third level), stable across
    /// runs; topics without one go to lane 0.
    static func lane(of topic: String, count: Int) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a
        var level = 0
        for byte in topic.utf8 {
            if byte == UInt8(ascii: "/") {
                level += 1
                if level == 3 { break }
            } else if level == 2 {
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            }
        }
        return level < 2 ? 0 : Int(hash % UInt64(count))
    }

    /// Exports the MQTT client's receive-buffer counters (which cannot reach the metrics registry itself).
    private struct ReceiveMetrics {
        var last = MQTTReceiveStatistics(buffered: 0, dropped: 0, overLimit: 0)
        let dropped = Counter(label: "dockgate_bridge_mqtt_dropped_total")
        let overLimit = Counter(label: "dockgate_bridge_mqtt_over_limit_total")
        let buffered = Gauge(label: "dockgate_bridge_mqtt_buffered")

        mutating func update(from statistics: MQTTReceiveStatistics) {
            guard statistics != last else { return }
            if statistics.dropped > last.dropped { dropped.increment(by: statistics.dropped - last.dropped) }
            if statistics.overLimit > last.overLimit { overLimit.increment(by: statistics.overLimit - last.overLimit) }
            buffered.record(statistics.buffered)
            last = statistics
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

    func handle(_ message: MQTTMessage, state: inout LaneState) async {
        guard let topic = DJITopic(message.topic), topic.kind.isUplink else {
            state.count("unknown")
            logger.debug("message on a topic outside the DJI grammar", metadata: ["mqtt.topic": "\(message.topic)"])
            return
        }
        state.count(topic.kind.rawValue)
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
        let repeated = envelope.tid.map { state.recent.isDuplicate(topic: message.topic, tid: $0, at: .now) } ?? false
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
            replies.enqueue(envelope, on: topic)
        case .events:
            if envelope.needReply { await reply(to: envelope, on: topic) }
            guard !repeated else { return }
            progress.enqueue(envelope, on: topic)
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
}
