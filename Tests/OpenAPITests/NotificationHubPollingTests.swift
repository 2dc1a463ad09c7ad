import Logging
import Shared
import Synchronization
import Testing

@testable import OpenAPI

/// `DOCKGATE_NOTIFICATIONS=off`: the hub has no LISTEN connection, so only its periodic wake-ups make a long poll
/// read again before its deadline.
@Suite struct NotificationHubPollingTests {
    @Test func withNotificationsOffAWaiterReadsAgainAtEveryPollInterval() async throws {
        let hub = NotificationHub(
            connectionString: "postgresql://unused.invalid/none", channels: [.downlinkCommandStatus],
            logger: Logger(label: "test"), notifications: .off, pollInterval: .milliseconds(20))
        let value = try await withThrowingTaskGroup(of: Int?.self) { group in
            group.addTask {
                try await hub.run()
                return nil
            }
            group.addTask {
                let reads = Atomic<Int>(0)
                // Nothing ever notifies: without the hub's wake-ups this would read twice and wait the whole
                // deadline, answering 2.
                return try await hub.waitUntil(
                    .downlinkCommandStatus, payload: { _ in true }, deadline: .now + .seconds(120),
                    read: { reads.add(1, ordering: .relaxed).newValue }, isDone: { $0 >= 3 })
            }
            let first = try await group.next()
            group.cancelAll()
            return first ?? nil
        }
        #expect(value == 3)
    }
}
