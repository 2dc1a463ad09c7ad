import Shared

/// What a simulated dock remembers of the `services` calls it received and answered, within fixed bounds: a dock
/// of a fleet of thousands runs for hours, so it keeps totals, the counts of its most recent `tid`s and its last
/// few calls rather than every message.
struct CallLog: Sendable {
    /// How many distinct `tid`s keep their receive count and reply instant; older ones are forgotten first.
    let tidCapacity: Int
    /// How many of the latest calls are kept whole.
    let callCapacity: Int

    private(set) var received: [String: Int] = [:]
    private(set) var replied: [String: ContinuousClock.Instant] = [:]
    /// `tid`s in the order they were first seen, oldest first, for eviction.
    private var order: [String] = []
    private var orderStart = 0
    private(set) var recentCalls: [DJIEnvelope] = []
    /// Every call ever received and every `tid` ever answered, beyond the window.
    private(set) var totalCalls = 0
    private(set) var totalAnswered = 0

    init(tidCapacity: Int = 4096, callCapacity: Int = 64) {
        self.tidCapacity = max(tidCapacity, 1)
        self.callCapacity = max(callCapacity, 1)
    }

    /// Counts a message on the `services` topic: `call` nil when it was not a DJI envelope (counted under `""`).
    mutating func receive(_ call: DJIEnvelope?) {
        let tid = call?.tid ?? ""
        if received[tid] == nil { remember(tid) }
        received[tid, default: 0] += 1
        guard let call else { return }
        totalCalls += 1
        recentCalls.append(call)
        if recentCalls.count > callCapacity { recentCalls.removeFirst(recentCalls.count - callCapacity) }
    }

    /// Notes the first answer to `tid`; later answers to the same `tid` change nothing.
    mutating func answer(_ tid: String, at instant: ContinuousClock.Instant) {
        guard replied[tid] == nil else { return }
        if received[tid] == nil { remember(tid) }
        replied[tid] = instant
        totalAnswered += 1
    }

    /// Starts tracking `tid`, forgetting the oldest one when the window is full.
    private mutating func remember(_ tid: String) {
        order.append(tid)
        if order.count - orderStart > tidCapacity {
            let oldest = order[orderStart]
            orderStart += 1
            received[oldest] = nil
            replied[oldest] = nil
        }
        // Compacts now and then so the order list stays within twice the window.
        if orderStart >= tidCapacity {
            order.removeFirst(orderStart)
            orderStart = 0
        }
    }
}
