import Synchronization

/// What the `RequestHandler` asks of the `DockAccessKeeper`: make sure a dock's broker role covers these SNs.
///
/// Requests for the same dock merge, so a burst of `update_topo` costs one round of look-ups; the handler
/// never waits for the broker or the database on the keeper's behalf.
final class DockAccessInbox: Sendable {
    let wakeups: AsyncStream<Void>
    private let signal: AsyncStream<Void>.Continuation
    private let pending = Mutex<[String: Set<String>]>([:])

    init() {
        (wakeups, signal) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Asks that `dockSN`'s role cover `sns` (the dock's own SN among them is ignored).
    func cover(_ sns: some Sequence<String>, forDock dockSN: String) {
        let others = Set(sns).subtracting([dockSN])
        guard !others.isEmpty else { return }
        pending.withLock { $0[dockSN, default: []].formUnion(others) }
        signal.yield()
    }

    /// Wakes the keeper without a new request, so it retries what failed.
    func poke() { signal.yield() }

    func drain() -> [String: Set<String>] {
        pending.withLock { pending in
            defer { pending.removeAll() }
            return pending
        }
    }
}
