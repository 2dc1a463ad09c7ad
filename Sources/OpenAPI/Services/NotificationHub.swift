import Logging
import ServiceLifecycle
import Shared

/// The API process's one LISTEN connection, fanned out to the requests that wait for a change (long polls).
///
/// A handler calls `waitUntil`: it registers its interest, reads the database, and waits for a matching
/// notification or its deadline, then reads again. Registering before reading closes the lost-wakeup window
/// (a change committed after the read still wakes it). NOTIFY is only a hint: after the listener (re)connects
/// every waiter is woken to read again, since notifications may have been missed meanwhile; a waiter that heard
/// nothing still reads once more at its deadline. Generic over the channel and a predicate on the payload, so
/// any feed with ids in its notifications can long-poll through it.
///
/// With `DOCKGATE_NOTIFICATIONS=off` it does not LISTEN: it wakes every waiter each `pollInterval` instead, so a
/// long poll re-reads the database at that rate and sees a change at most `pollInterval` late.
actor NotificationHub: Service {
    private struct Registration {
        var channel: String
        var matches: @Sendable (String) -> Bool
        var waiter: NotificationWaiter
    }

    /// Nil with notifications off.
    private let listener: PostgresListener?
    private let pollInterval: Duration
    private var registrations: [UInt64: Registration] = [:]
    private var nextID: UInt64 = 0
    /// Set when `run()` ends: nothing will signal waiters any more, so callers stop waiting.
    private var stopped = false

    init(
        connectionString: String, channels: [NotificationChannel], logger: Logger,
        notifications: NotificationSetting = .on, pollInterval: Duration = .milliseconds(100)
    ) {
        listener =
            notifications.isOn
            ? PostgresListener(connectionString: connectionString, channels: channels.map(\.rawValue), logger: logger)
            : nil
        self.pollInterval = pollInterval
    }

    func run() async throws {
        guard let listener else {
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.pollInterval) }
                wake { _ in true }
            }
            stopped = true
            wake { _ in true }
            return
        }
        await withDiscardingTaskGroup { group in
            // Graceful shutdown reaches the listener through the task-local shutdown handler; it then finishes
            // its events, which ends the loop below.
            group.addTask { try? await listener.run() }
            for await event in listener.events {
                switch event {
                case .connected:
                    wake { _ in true }
                case .notification(let notification):
                    wake { $0.channel == notification.channel && $0.matches(notification.payload) }
                }
            }
        }
        stopped = true
        wake { _ in true }
    }

    /// Reads with `read` until `isDone` says the value is final or `deadline` passes, reading again after each
    /// notification on `channel` whose payload `matches`. Returns the last value read.
    nonisolated func waitUntil<T: Sendable>(
        _ channel: NotificationChannel,
        payload matches: @escaping @Sendable (String) -> Bool,
        deadline: ContinuousClock.Instant,
        read: () async throws -> T,
        isDone: (T) -> Bool
    ) async throws -> T {
        while true {
            // Without a running listener nothing would wake the waiter: answer with what is there now.
            guard let (id, waiter) = await register(channel: channel.rawValue, matches: matches) else {
                return try await read()
            }
            let value: T
            do {
                value = try await read()
            } catch {
                await unregister(id)
                throw error
            }
            if isDone(value) || ContinuousClock.now >= deadline {
                await unregister(id)
                return value
            }
            await waiter.wait(until: deadline)
            await unregister(id)
            try Task.checkCancellation()
        }
    }

    private func register(channel: String, matches: @escaping @Sendable (String) -> Bool) -> (
        UInt64, NotificationWaiter
    )? {
        guard !stopped else { return nil }
        nextID += 1
        let waiter = NotificationWaiter()
        registrations[nextID] = Registration(channel: channel, matches: matches, waiter: waiter)
        return (nextID, waiter)
    }

    private func unregister(_ id: UInt64) {
        registrations[id] = nil
    }

    private func wake(where predicate: (Registration) -> Bool) {
        for (id, registration) in registrations where predicate(registration) {
            registration.waiter.signal()
            registrations[id] = nil
        }
    }
}
