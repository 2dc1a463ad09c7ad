import Synchronization

/// One wait for a notification: signalled at most once, awaited at most once. A signal that comes before the
/// wait starts is kept, so a waiter registered before its owner's last database read cannot miss a notification
/// sent between that read and the wait.
final class NotificationWaiter: Sendable {
    private struct State {
        var signalled = false
        var continuation: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    func signal() {
        let continuation = state.withLock { state in
            state.signalled = true
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.resume()
    }

    /// Returns when signalled, at `deadline`, or when the task is cancelled, whichever comes first.
    func wait(until deadline: ContinuousClock.Instant) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.signalled() }
            group.addTask { try? await Task.sleep(until: deadline, clock: .continuous) }
            await group.next()
            group.cancelAll()
        }
    }

    private func signalled() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state in
                    if state.signalled { return true }
                    state.continuation = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            signal()
        }
    }
}
