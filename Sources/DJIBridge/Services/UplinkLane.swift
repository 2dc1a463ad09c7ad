import MQTTClient
import Synchronization

/// A bounded first-in first-out queue of uplink messages between the `UplinkRouter`'s dispatcher (the one
/// writer) and one of its workers (the one reader).
///
/// Bounded so that a slow worker makes the dispatcher wait, which leaves messages in the MQTT client's bounded
/// receive buffer, which holds libmosquitto's loop thread, which leaves the backlog with the broker: no queue
/// in the bridge grows with the backlog.
final class UplinkLane: Sendable {
    private struct State {
        var buffer: [MQTTMessage] = []
        var head = 0
        var reader: CheckedContinuation<MQTTMessage?, Never>?
        var writer: CheckedContinuation<Void, Never>?
        var finished = false

        var count: Int { buffer.count - head }

        mutating func pop() -> MQTTMessage? {
            guard head < buffer.count else { return nil }
            let message = buffer[head]
            head += 1
            // Cut the consumed prefix once it is half the array, so the array does not grow for ever.
            if head >= 256 && head * 2 >= buffer.count {
                buffer.removeFirst(head)
                head = 0
            }
            return message
        }
    }

    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
    }

    /// Queues `message`, waiting while the lane is full. Single writer.
    func send(_ message: MQTTMessage) async {
        while true {
            enum Action {
                case queued
                case handOver(CheckedContinuation<MQTTMessage?, Never>)
                case full
            }
            let action = state.withLock { state -> Action in
                if let reader = state.reader {
                    state.reader = nil
                    return .handOver(reader)
                }
                guard state.count < capacity else { return .full }
                state.buffer.append(message)
                return .queued
            }
            switch action {
            case .queued:
                return
            case .handOver(let reader):
                reader.resume(returning: message)
                return
            case .full:
                await withCheckedContinuation { (writer: CheckedContinuation<Void, Never>) in
                    let room = state.withLock { state in
                        guard state.count >= capacity, state.reader == nil else { return true }
                        state.writer = writer
                        return false
                    }
                    if room { writer.resume() }
                }
            }
        }
    }

    /// Ends the lane: the reader gets what is queued, then nil. Called by the writer after its last `send`.
    func finish() {
        let reader = state.withLock { state in
            state.finished = true
            defer { state.reader = nil }
            return state.count == 0 ? state.reader : nil
        }
        reader?.resume(returning: nil)
    }

    /// The next message, waiting while the lane is empty; nil once it is finished and empty. Single reader.
    func next() async -> MQTTMessage? {
        let (message, writer, finished) = state.withLock { state in
            let message = state.pop()
            let writer = message == nil ? nil : state.writer
            if writer != nil { state.writer = nil }
            return (message, writer, state.finished)
        }
        writer?.resume()
        if let message { return message }
        if finished { return nil }
        return await withCheckedContinuation { (reader: CheckedContinuation<MQTTMessage?, Never>) in
            // The writer may have queued a message or finished between the two locks.
            enum Action {
                case wait
                case deliver(MQTTMessage, CheckedContinuation<Void, Never>?)
                case end
            }
            let action = state.withLock { state -> Action in
                if let message = state.pop() {
                    let writer = state.writer
                    state.writer = nil
                    return .deliver(message, writer)
                }
                if state.finished { return .end }
                state.reader = reader
                return .wait
            }
            switch action {
            case .wait:
                break
            case .deliver(let message, let writer):
                writer?.resume()
                reader.resume(returning: message)
            case .end:
                reader.resume(returning: nil)
            }
        }
    }
}
