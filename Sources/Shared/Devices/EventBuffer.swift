import Foundation
import Synchronization

/// Events received since the last flush, in arrival order, written in one statement per flush.
public final class EventBuffer: Sendable {
    /// One `events` message as `device_events` stores it.
    public struct Pending: Sendable, Hashable {
        public var deviceSN: String
        public var gatewaySN: String?
        public var method: String
        public var tid: String?
        public var bid: String?
        public var needReply: Bool
        public var data: JSONValue
        public var receivedAt: Date

        public init(
            deviceSN: String,
            gatewaySN: String?,
            method: String,
            tid: String?,
            bid: String?,
            needReply: Bool,
            data: JSONValue,
            receivedAt: Date
        ) {
            self.deviceSN = deviceSN
            self.gatewaySN = gatewaySN
            self.method = method
            self.tid = tid
            self.bid = bid
            self.needReply = needReply
            self.data = data
            self.receivedAt = receivedAt
        }

        /// The row `IngestQueries.insertEvents` reads.
        public var row: JSONValue {
            .object([
                "device_sn": .string(deviceSN),
                "gateway_sn": gatewaySN.map(JSONValue.string) ?? .null,
                "method": .string(method),
                "tid": tid.map(JSONValue.string) ?? .null,
                "bid": bid.map(JSONValue.string) ?? .null,
                "need_reply": .bool(needReply),
                "data": data,
                "received_at": .string(RFC3339.string(receivedAt)),
            ])
        }
    }

    private let pending = Mutex<[Pending]>([])

    public init() {}

    /// Adds one event. A U+0000 in its strings (which `jsonb` and `text` refuse) becomes U+FFFD, so one odd
    /// message cannot make every later flush fail.
    public func append(_ event: Pending) {
        var event = event
        event.data = event.data.replacingNUL
        event.method = event.method.replacingNUL
        event.tid = event.tid?.replacingNUL
        event.bid = event.bid?.replacingNUL
        event.gatewaySN = event.gatewaySN?.replacingNUL
        event.deviceSN = event.deviceSN.replacingNUL
        pending.withLock { $0.append(event) }
    }

    public func drain() -> [Pending] {
        pending.withLock { pending in
            defer { pending.removeAll(keepingCapacity: true) }
            return pending
        }
    }

    /// Puts back a batch whose write failed, ahead of what arrived since, keeping arrival order.
    public func restore(_ batch: [Pending]) {
        pending.withLock { $0.insert(contentsOf: batch, at: 0) }
    }

    public var count: Int { pending.withLock { $0.count } }
}
