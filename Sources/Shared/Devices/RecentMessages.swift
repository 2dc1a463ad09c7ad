import Foundation

/// Remembers the (topic, tid) of recent uplink messages, so a QoS 1 redelivery or a device's retransmission is
/// answered again but stored once (reference §0.1: "dedupe uplink by (topic, tid) for a short window, but still
/// re-send the ack"). Bounded in time and in size; the owner serialises access.
public struct RecentMessages: Sendable {
    public var window: Duration
    public var capacity: Int
    private var seenAt: [Int: ContinuousClock.Instant] = [:]
    private var order: [(key: Int, at: ContinuousClock.Instant)] = []
    private var head = 0

    /// A message is remembered by a 64-bit hash of its topic and tid instead of the two strings: at 20,000
    /// messages/s the window holds `capacity` entries, and two heap-allocated strings each cost ~20 MB where
    /// the hash costs 2. A collision would store one message less; with Swift's per-process random SipHash seed
    /// it is neither likely (about 1 in 10^14 per message at full capacity) nor something a device can aim for.
    private static func key(topic: String, tid: String) -> Int {
        var hasher = Hasher()
        hasher.combine(topic)
        hasher.combine(tid)
        return hasher.finalize()
    }

    public init(window: Duration = .seconds(60), capacity: Int = 100_000) {
        self.window = window
        self.capacity = capacity
    }

    /// True when the same topic and tid were seen within the window; records the message either way.
    public mutating func isDuplicate(topic: String, tid: String, at now: ContinuousClock.Instant) -> Bool {
        expire(before: now - window)
        let key = Self.key(topic: topic, tid: tid)
        if let previous = seenAt[key], previous >= now - window { return true }
        seenAt[key] = now
        order.append((key, now))
        if seenAt.count > capacity { expire(count: seenAt.count - capacity) }
        return false
    }

    private mutating func expire(before cutoff: ContinuousClock.Instant) {
        while head < order.count, order[head].at < cutoff { drop() }
        compact()
    }

    private mutating func expire(count: Int) {
        for _ in 0..<count where head < order.count { drop() }
        compact()
    }

    private mutating func drop() {
        let oldest = order[head]
        if seenAt[oldest.key] == oldest.at { seenAt[oldest.key] = nil }
        head += 1
    }

    /// Keeps the queue from growing without bound: the consumed prefix is cut once it is half the array.
    private mutating func compact() {
        if head > 1024 && head * 2 > order.count {
            order.removeFirst(head)
            head = 0
        }
    }
}
