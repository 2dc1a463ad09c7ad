import Shared
import Synchronization

/// Matches the cloud's replies (`requests_reply`, `state_reply`, `events_reply`) to the messages a simulated dock
/// is waiting on, by `tid` (reference §3: a reply echoes its request's `tid`).
///
/// A waiter is registered before its message is published, so a reply that arrives before `wait` is called is
/// kept rather than lost. Each waiter ends exactly once: with the reply, or with nil when its time is up.
final class ReplyWaiters: Sendable {
    private enum Entry {
        case registered
        case waiting(CheckedContinuation<JSONValue?, Never>)
        case finished(JSONValue?)
    }

    private let entries = Mutex<[String: Entry]>([:])

    /// Starts listening for the reply to `tid`.
    func register(_ tid: String) {
        entries.withLock { $0[tid] = .registered }
    }

    /// Stops listening for `tid` without waiting (its message was never sent).
    func forget(_ tid: String) {
        entries.withLock { $0[tid] = nil }
    }

    /// Hands `message` to the waiter of `tid`; returns false when nobody waits for it (unknown, or timed out).
    @discardableResult
    func deliver(_ message: JSONValue?, tid: String) -> Bool {
        let (expected, continuation) = entries.withLock { entries -> (Bool, CheckedContinuation<JSONValue?, Never>?) in
            switch entries[tid] {
            case .registered?:
                entries[tid] = .finished(message)
                return (true, nil)
            case .waiting(let continuation)?:
                entries[tid] = nil
                return (true, continuation)
            case .finished?, nil:
                return (false, nil)
            }
        }
        continuation?.resume(returning: message)
        return expected
    }

    /// The reply to a registered `tid`, or nil when none came within `timeout`. Unregisters `tid`.
    func wait(_ tid: String, timeout: Duration) async -> JSONValue? {
        await withTaskGroup(of: JSONValue?.self) { group in
            group.addTask {
                await withCheckedContinuation { continuation in
                    let ready: JSONValue?? = self.entries.withLock { entries in
                        switch entries[tid] {
                        case .finished(let message)?:
                            entries[tid] = nil
                            return .some(message)
                        case .registered?, .waiting?, nil:
                            entries[tid] = .waiting(continuation)
                            return .none
                        }
                    }
                    if case .some(let message) = ready { continuation.resume(returning: message) }
                }
            }
            group.addTask {
                // The timer ends the wait by delivering nil, so the continuation above is always resumed.
                try? await Task.sleep(for: timeout)
                self.deliver(nil, tid: tid)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            let second = await group.next() ?? nil
            entries.withLock { $0[tid] = nil }
            return first ?? second
        }
    }
}
