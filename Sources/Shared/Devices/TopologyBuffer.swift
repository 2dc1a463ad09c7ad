import Foundation
import Synchronization

/// The latest `update_topo` of each gateway not yet written. A newer update of the same gateway replaces the
/// older one: topology is a full description, not a delta.
public final class TopologyBuffer: Sendable {
    public struct Pending: Sendable, Hashable {
        public var topology: DJITopology
        public var receivedAt: Date
    }

    private let pending = Mutex<[String: Pending]>([:])

    public init() {}

    public func record(_ topology: DJITopology, at time: Date) {
        pending.withLock { $0[topology.gateway.sn] = Pending(topology: topology, receivedAt: time) }
    }

    public func drain() -> [Pending] {
        pending.withLock { pending in
            defer { pending.removeAll(keepingCapacity: true) }
            return pending.values.sorted { $0.topology.gateway.sn < $1.topology.gateway.sn }
        }
    }

    /// Puts back an update whose write failed, unless a newer one for that gateway arrived meanwhile.
    public func restore(_ update: Pending) {
        pending.withLock { pending in
            if pending[update.topology.gateway.sn] == nil { pending[update.topology.gateway.sn] = update }
        }
    }
}
