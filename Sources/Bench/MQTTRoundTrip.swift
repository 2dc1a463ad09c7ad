import Foundation
import Logging
import MQTTClient
import Synchronization

/// One publisher and one subscriber on a topic of their own: how many messages per second go from one client
/// through mosquitto to the other. The publisher keeps at most `window` messages ahead of the subscriber, so the
/// rate is what the pair sustains rather than how fast libmosquitto's queue fills.
struct MQTTRoundTrip {
    struct Measurement {
        var rate: Double
        var received: Int
    }

    let url: String
    let logger: Logger
    /// Messages published but not yet received, at most.
    var window = 2_000
    /// QoS 1 publishes awaiting their PUBACK, at most.
    var inFlight = 64

    func measure(payload: [UInt8], qos: MQTTQoS, messages: Int) async throws -> Measurement {
        let suffix = UUID().uuidString.prefix(8).lowercased()
        let topic = "dockgate-bench/ceiling/\(suffix)"
        let publisher = try MQTTClient(
            configuration: MQTTConfiguration(url: url, clientID: "dockgate-bench-pub-\(suffix)"), logger: logger)
        let subscriber = try MQTTClient(
            configuration: MQTTConfiguration(url: url, clientID: "dockgate-bench-sub-\(suffix)"), logger: logger)
        let arrivals = Arrivals()
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await publisher.run() }
            group.addTask { try await subscriber.run() }
            try await publisher.waitUntilConnected(timeout: .seconds(20))
            try await subscriber.waitUntilConnected(timeout: .seconds(20))
            try await subscriber.subscribe([topic: qos])
            let start = ContinuousClock.now
            arrivals.last.withLock { $0 = start }
            group.addTask {
                for await message in subscriber.messages where message.topic == topic {
                    if arrivals.arrived() == messages { break }
                }
            }
            try await publish(payload, topic: topic, qos: qos, messages: messages, on: publisher, arrivals: arrivals)
            // The last messages are still on their way: wait for them, or until nothing arrived for 2 s (lost).
            while arrivals.count < messages && ContinuousClock.now - arrivals.lastInstant < .seconds(2) {
                try await Task.sleep(for: .milliseconds(5))
            }
            let end = arrivals.lastInstant
            group.cancelAll()
            let count = arrivals.count
            let elapsed = (end - start).milliseconds / 1000
            return Measurement(rate: Double(count) / elapsed, received: count)
        }
    }

    private func publish(
        _ payload: [UInt8], topic: String, qos: MQTTQoS, messages: Int, on client: MQTTClient, arrivals: Arrivals
    ) async throws {
        try await withThrowingTaskGroup(of: Void.self) { pending in
            var outstanding = 0
            for sent in 0..<messages {
                while sent - arrivals.count >= window {
                    try await Task.sleep(for: .microseconds(500))
                }
                if qos == .atMostOnce {
                    try await client.publish(topic: topic, payload: payload, qos: qos)
                    continue
                }
                pending.addTask { try await client.publish(topic: topic, payload: payload, qos: qos) }
                outstanding += 1
                if outstanding >= inFlight {
                    try await pending.next()
                    outstanding -= 1
                }
            }
            try await pending.waitForAll()
        }
    }
}

/// What the subscriber has received so far, shared with the publisher that paces itself by it.
final class Arrivals: Sendable {
    private let received = Atomic<Int>(0)
    let last = Mutex(ContinuousClock.now)

    /// Counts one message and returns the count.
    func arrived() -> Int {
        last.withLock { $0 = .now }
        return received.add(1, ordering: .relaxed).newValue
    }

    var count: Int { received.load(ordering: .relaxed) }
    var lastInstant: ContinuousClock.Instant { last.withLock { $0 } }
}
