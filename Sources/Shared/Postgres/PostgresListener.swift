import Logging
import ServiceLifecycle

/// LISTEN on a connection of its own, as a swift-service-lifecycle `Service`.
///
/// `run()` connects, LISTENs on every channel, yields ``Event/connected(isReconnect:)`` and then every
/// notification. When the server goes away (restart, `pg_terminate_backend`, a broken network) it
/// reconnects with exponential backoff, LISTENs again and yields `.connected(isReconnect: true)`:
/// notifications sent while it was away are lost, so the consumer re-scans its tables then.
/// `run()` returns on task cancellation or graceful shutdown, and finishes ``events``.
///
/// The session is named `dockgate-listener` in `pg_stat_activity` unless the connection string sets
/// `application_name`.
public final class PostgresListener: Service, Sendable {
    public enum Event: Sendable, Hashable {
        /// LISTEN is in place; after a reconnect, notifications may have been missed.
        case connected(isReconnect: Bool)
        case notification(PostgresNotification)
    }

    /// What the listener sees; meant for a single consumer.
    public let events: AsyncStream<Event>

    private let continuation: AsyncStream<Event>.Continuation
    private let connectionString: String
    private let channels: [String]
    private let logger: Logger
    private let reconnectBackoff: ClosedRange<Duration>

    /// How long one wait for notifications lasts, which bounds how late cancellation is noticed.
    private static let pollMilliseconds: Int32 = 250

    public init(
        connectionString: String,
        channels: [String],
        logger: Logger,
        reconnectBackoff: ClosedRange<Duration> = .milliseconds(100)...(.seconds(5))
    ) {
        (events, continuation) = AsyncStream.makeStream()
        self.connectionString = connectionString
        self.channels = channels
        var logger = logger
        logger[metadataKey: "postgres.channels"] = "\(channels.joined(separator: ","))"
        self.logger = logger
        self.reconnectBackoff = reconnectBackoff
    }

    /// Listens until the task is cancelled or the service group shuts down gracefully. Call it once.
    public func run() async throws {
        defer { continuation.finish() }
        await cancelWhenGracefulShutdown {
            await self.listenUntilCancelled()
        }
    }

    private func listenUntilCancelled() async {
        var hasConnected = false
        var backoff = reconnectBackoff.lowerBound
        while !Task.isCancelled {
            guard let connection = await connectAndListen() else {
                guard await pause(for: backoff) else {
                    return
                }
                backoff = min(backoff * 2, reconnectBackoff.upperBound)
                continue
            }
            logger.info(hasConnected ? "Reconnected to PostgreSQL and listening again" : "Listening on PostgreSQL")
            continuation.yield(.connected(isReconnect: hasConnected))
            hasConnected = true
            backoff = reconnectBackoff.lowerBound
            do {
                while !Task.isCancelled {
                    for notification in try await connection.notifications(waitingAtMost: Self.pollMilliseconds) {
                        continuation.yield(.notification(notification))
                    }
                }
            } catch {
                logger.warning("Lost the PostgreSQL LISTEN connection; reconnecting", metadata: ["error": "\(error)"])
            }
            await connection.close()
            // The shortest pause: a terminated backend is replaced at once, a server that is down fails the
            // next attempt and the backoff grows from there, and a server that drops every session right
            // after LISTEN is not hammered in a tight loop.
            guard await pause(for: reconnectBackoff.lowerBound) else {
                return
            }
        }
    }

    /// Sleeps; false when the task was cancelled meanwhile.
    private func pause(for duration: Duration) async -> Bool {
        do {
            try await Task.sleep(for: duration)
            return true
        } catch {
            return false
        }
    }

    /// A connection with LISTEN in place, or nil (logged) when the server cannot be reached.
    private func connectAndListen() async -> PostgresConnection? {
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(
                to: connectionString,
                fallbackApplicationName: "dockgate-listener",
                logger: logger
            )
        } catch {
            logger.warning("Cannot connect to PostgreSQL to LISTEN", metadata: ["error": "\(error)"])
            return nil
        }
        do {
            try await connection.listen(to: channels)
            return connection
        } catch {
            logger.warning("LISTEN failed", metadata: ["error": "\(error)"])
            await connection.close()
            return nil
        }
    }
}
