import ServiceLifecycle
import Shared

/// Hands uplink messages from `UplinkRouter` to a service that processes them with the database, so the router
/// never waits on a query: it enqueues and moves on to the next message. Messages travel decoded: the router has
/// already parsed every envelope (and dropped what is not one), so the services never parse a payload again.
struct MessageInbox: Sendable {
    /// One uplink message as the router decoded it.
    struct Message: Sendable {
        var topic: DJITopic
        var envelope: DJIEnvelope
    }

    private let stream: AsyncStream<Message>
    private let continuation: AsyncStream<Message>.Continuation

    init() {
        (stream, continuation) = AsyncStream.makeStream()
    }

    func enqueue(_ envelope: DJIEnvelope, on topic: DJITopic) {
        continuation.yield(Message(topic: topic, envelope: envelope))
    }

    /// Runs `handle` for every message, at most `concurrency` at once, until graceful shutdown. One consumer only.
    func process(concurrency: Int, _ handle: @escaping @Sendable (Message) async -> Void) async {
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
