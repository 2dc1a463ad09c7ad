import MQTTClient
import ServiceLifecycle

/// Hands uplink messages from `UplinkRouter` to a service that processes them with the database, so the router
/// never waits on a query: it enqueues and moves on to the next message.
struct MessageInbox: Sendable {
    private let stream: AsyncStream<MQTTMessage>
    private let continuation: AsyncStream<MQTTMessage>.Continuation

    init() {
        (stream, continuation) = AsyncStream.makeStream()
    }

    func enqueue(_ message: MQTTMessage) {
        continuation.yield(message)
    }

    /// Runs `handle` for every message, at most `concurrency` at once, until graceful shutdown. One consumer only.
    func process(concurrency: Int, _ handle: @escaping @Sendable (MQTTMessage) async -> Void) async {
        await withTaskGroup(of: Void.self) { group in
            var running = 0
            for await message in stream.cancelOnGracefulShutdown() {
                if running == concurrency {
                    await group.next()
                    running -= 1
                }
                group.addTask { await handle(message) }
                running += 1
            }
        }
    }
}
