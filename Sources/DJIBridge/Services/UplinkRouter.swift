import Logging
import MQTTClient
import ServiceLifecycle
import Shared

/// Subscribes to every DJI uplink topic and takes each message the broker delivers.
///
/// For now it logs each message at debug level (topic, size and the start of the payload); the handlers of
/// the later stages (topology, telemetry, events, requests, replies) hang off `route`.
struct UplinkRouter: Service {
    let mqtt: MQTTClient
    let logger: Logger
    /// Downlink commands: `services_reply` completes them, progress events update long-running ones.
    let replies: ReplyCorrelator
    let progress: ProgressTracker
    /// How much of a payload a debug line shows.
    var logPrefixBytes = 512

    func run() async throws {
        try await subscribe()
        for await message in mqtt.messages.cancelOnGracefulShutdown() {
            route(message)
        }
    }

    /// Waits for the first connection, then subscribes once: the client re-subscribes by itself after every
    /// reconnect.
    private func subscribe() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await mqtt.waitUntilConnected(timeout: .seconds(5))
                try await mqtt.subscribe(
                    Dictionary(uniqueKeysWithValues: DJITopic.uplinkFilters.map { ($0, .atLeastOnce) }))
                logger.info("subscribed to DJI uplink topics", metadata: ["mqtt.filters": "\(DJITopic.uplinkFilters)"])
                return
            } catch {
                logger.warning("cannot subscribe yet, retrying", metadata: ["error": "\(error)"])
            }
        }
    }

    private func route(_ message: MQTTMessage) {
        let topic = DJITopic(message.topic)
        switch topic?.kind {
        case .servicesReply?: replies.enqueue(message)
        case .events?: progress.enqueue(message)
        default: break
        }
        guard logger.logLevel <= .debug else { return }
        logger.debug(
            "mqtt message",
            metadata: [
                "mqtt.topic": "\(message.topic)",
                "mqtt.bytes": "\(message.payload.count)",
                "dji.kind": "\(topic?.kind.rawValue ?? "unknown")",
                "dji.sn": "\(topic?.sn ?? "")",
                "mqtt.payload": "\(String(decoding: message.payload.prefix(logPrefixBytes), as: UTF8.self))",
            ]
        )
    }
}
