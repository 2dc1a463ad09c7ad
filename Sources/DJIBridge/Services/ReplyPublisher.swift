import Logging
import MQTTClient
import Metrics
import Shared

/// Publishes the cloud's answers to devices (`status_reply`, `events_reply`, `state_reply`, `requests_reply`)
/// at QoS 1 and counts them; the one place every automatic answer leaves the bridge.
struct ReplyPublisher: Sendable {
    let mqtt: MQTTClient
    let logger: Logger

    /// Returns `message` once the broker took it, nil (after a warning) when it did not.
    @discardableResult
    func publish(_ message: JSONValue, on topic: DJITopic, tid: String?) async -> JSONValue? {
        do {
            try await mqtt.publish(topic: topic.description, payload: DJIReply.bytes(message), qos: .atLeastOnce)
            Counter(label: "dockgate_bridge_replies_total", dimensions: [("kind", topic.kind.rawValue)]).increment()
            return message
        } catch {
            logger.warning(
                "cannot send reply",
                metadata: ["mqtt.topic": "\(topic)", "dji.tid": "\(tid ?? "")", "error": "\(error)"]
            )
            return nil
        }
    }
}
