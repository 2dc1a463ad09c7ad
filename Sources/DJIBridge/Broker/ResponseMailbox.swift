import Shared

/// Matches dynamic security responses to the commands waiting for them, by correlation data.
///
/// A command's id is expected before its message is published, because the response can arrive (on the
/// MQTT client's message stream) before the sender starts to wait for it. `DynamicSecurityClient` keeps this
/// in a `Mutex`; each method returns the continuation to resume, which the caller resumes after unlocking.
struct ResponseMailbox {
    typealias Waiter = CheckedContinuation<DynamicSecurityResponse, any Error>

    private enum Slot {
        case expected
        case arrived(DynamicSecurityResponse)
        case waiting(Waiter)
    }

    private var slots: [String: Slot] = [:]

    var count: Int { slots.count }

    mutating func expect(_ ids: [String]) {
        for id in ids { slots[id] = .expected }
    }

    /// A response for an id nobody expects (late after a timeout, or another tool's) returns nil and is dropped.
    mutating func deliver(_ response: DynamicSecurityResponse) -> (Waiter, DynamicSecurityResponse)? {
        guard let id = response.correlationData, let slot = slots[id] else { return nil }
        switch slot {
        case .expected:
            slots[id] = .arrived(response)
            return nil
        case .waiting(let waiter):
            slots[id] = nil
            return (waiter, response)
        case .arrived:
            return nil
        }
    }

    /// Resumes at once when the response is already here; keeps `waiter` while it is expected; `cancelled`
    /// when the id was forgotten meanwhile (the wait was cancelled or timed out before it began).
    mutating func wait(for id: String, _ waiter: Waiter) -> WaitAction {
        switch slots[id] {
        case .arrived(let response):
            slots[id] = nil
            return .resume(response)
        case .expected:
            slots[id] = .waiting(waiter)
            return .wait
        case .waiting, nil:
            return .cancelled
        }
    }

    enum WaitAction {
        case wait
        case resume(DynamicSecurityResponse)
        case cancelled
    }

    /// Forgets `ids`; returns the waiters that still wait, for the caller to fail.
    mutating func forget(_ ids: [String]) -> [Waiter] {
        ids.compactMap { id in
            defer { slots[id] = nil }
            if case .waiting(let waiter) = slots[id] { return waiter }
            return nil
        }
    }

    /// Forgets everything (the client stopped); returns every waiter.
    mutating func removeAll() -> [Waiter] {
        forget(Array(slots.keys))
    }
}
