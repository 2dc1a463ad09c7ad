import Foundation
import Shared
import Synchronization

/// Requests the uplink router hands to the `RequestHandler`: the router's loop never waits for the database
/// lookups a request needs, so telemetry keeps flowing while a dock binds.
///
/// Items wait in arrival order behind a lock; `wakeups` tells the handler there is something to take. At
/// shutdown the handler drains what is left after the router has stopped.
final class RequestInbox: Sendable {
    /// One message that asks the cloud for something.
    struct Item: Sendable {
        enum Kind: Sendable {
            /// A message on `thing/product/{sn}/requests`.
            case request
            /// `update_topo` on `sys/product/{sn}/status`, already answered by the router with `reply` (nil when
            /// publishing it failed); stored as a request of type `update_topo`.
            case topologyUpdate(reply: JSONValue?)
        }

        var kind: Kind
        var topic: DJITopic
        var envelope: DJIEnvelope
        var receivedAt: Date
        /// A QoS 1 redelivery or a retransmission: answered again, stored once.
        var repeated: Bool
    }

    let wakeups: AsyncStream<Void>
    private let signal: AsyncStream<Void>.Continuation
    private let items = Mutex<[Item]>([])

    init() {
        // One buffered wake-up is enough: the handler drains every item each time it wakes.
        (wakeups, signal) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    func receive(_ item: Item) {
        items.withLock { $0.append(item) }
        signal.yield()
    }

    func drain() -> [Item] {
        items.withLock { items in
            defer { items.removeAll(keepingCapacity: true) }
            return items
        }
    }
}
