import Foundation
import Logging
import ServiceLifecycle
import Testing

@testable import Shared

@Suite struct PostgresListenerTests {
    @Test(.timeLimit(.minutes(1)))
    func receivesNotificationsAndListensAgainAfterTheBackendIsTerminated() async throws {
        // A unique application_name finds this listener's backend among those of parallel tests; the
        // channel has a space and capitals to prove LISTEN quotes it.
        let applicationName = PostgresTestSupport.uniqueName("listener_test")
        let channel = PostgresTestSupport.uniqueName("Device Events")
        let listener = PostgresListener(
            connectionString: try PostgresTestSupport.databaseURL(applicationName: applicationName),
            channels: [channel, "unused"],
            logger: PostgresTestSupport.logger,
            reconnectBackoff: .milliseconds(10)...(.milliseconds(200))
        )
        let admin = try await PostgresTestSupport.connect()
        var events = listener.events.makeAsyncIterator()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await listener.run() }

            #expect(await events.next() == .connected(isReconnect: false))
            try await admin.query("SELECT pg_notify(\(channel), \("first 🚁"))")
            #expect(await events.next() == .notification(PostgresNotification(channel: channel, payload: "first 🚁")))

            let terminated = try await admin.query(
                """
                SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity
                WHERE application_name = \(applicationName)
                """
            )
            #expect(try terminated.map { try $0.decode(Bool.self, column: "terminated") } == [true])
            #expect(await events.next() == .connected(isReconnect: true))

            try await admin.query("SELECT pg_notify(\(channel), \("second"))")
            #expect(await events.next() == .notification(PostgresNotification(channel: channel, payload: "second")))
            group.cancelAll()
        }
        // run() returned on cancellation and finished the stream.
        #expect(await events.next() == nil)
        await admin.close()
    }

    @Test(.timeLimit(.minutes(1)))
    func keepsTryingWhileTheServerCannotBeReachedAndStopsWhenCancelled() async throws {
        let store = CapturingLogHandler.Store()
        let listener = PostgresListener(
            connectionString: "postgresql://nobody:topsecret@127.0.0.1:1/none",
            channels: ["events"],
            logger: Logger(label: "test") { _ in CapturingLogHandler(store: store) },
            reconnectBackoff: .milliseconds(1)...(.milliseconds(20))
        )
        var events = listener.events.makeAsyncIterator()
        let run = Task { try await listener.run() }
        // A bounded wait for three failed attempts; the listener only reports them in its log.
        let deadline = ContinuousClock.now + .seconds(30)
        while store.count(where: { $0.contains("Cannot connect") }) < 3, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(store.count(where: { $0.contains("Cannot connect") }) >= 3)
        run.cancel()
        try await run.value
        #expect(await events.next() == nil)
        #expect(store.count(where: { $0.contains("topsecret") }) == 0)
    }

    @Test(.timeLimit(.minutes(1)))
    func returnsOnGracefulShutdownOfItsServiceGroup() async throws {
        let listener = PostgresListener(
            connectionString: try PostgresTestSupport.databaseURL(),
            channels: ["events"],
            logger: PostgresTestSupport.logger
        )
        let group = ServiceGroup(services: [listener], logger: PostgresTestSupport.logger)
        var events = listener.events.makeAsyncIterator()
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            #expect(await events.next() == .connected(isReconnect: false))
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(await events.next() == nil)
    }
}
