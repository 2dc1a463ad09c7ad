import Shared
import Synchronization

/// Requests whose insert failed, waiting for the next try.
final class UnsavedRequests: Sendable {
    private let requests = Mutex<[NewDeviceRequest]>([])

    func append(_ request: NewDeviceRequest) { requests.withLock { $0.append(request) } }

    /// Puts back requests a retry could not write, ahead of newer failures.
    func restore(_ batch: ArraySlice<NewDeviceRequest>) { requests.withLock { $0.insert(contentsOf: batch, at: 0) } }

    func drain() -> [NewDeviceRequest] {
        requests.withLock { requests in
            defer { requests.removeAll() }
            return requests
        }
    }
}
