import Dispatch
import Synchronization

/// Bounds the messages waiting between libmosquitto's loop thread and the reader of ``MQTTClient/messages``.
///
/// Without a bound, a reader slower than the broker grows the buffer until the process runs out of memory
/// (a bridge 5,000 messages/s behind reached 450 MB). The policy when ``capacity`` messages wait:
///
/// - **QoS 0 is dropped and counted** (``MQTTReceiveStatistics/dropped``). The sender chose "at most once"
///   (MQTT 3.1.1 §4.3.1) and DJI sends its high-rate telemetry (OSD, every 0.5–1 s) that way, so the next message
///   replaces a lost one; dropping it keeps the room for what must not be lost.
/// - **QoS 1 is never dropped.** libmosquitto 2.0 sends the PUBACK *before* it calls `on_message`
///   (`handle__publish`: `send__puback(...)` then `callback__on_message(...)`), so the broker already
///   considers the message delivered and will not send it again: the only safe push-back is to block the loop
///   thread. While it blocks, libmosquitto reads nothing more from the socket, TCP fills up, and the broker holds
///   the backlog in its own queue for this client (`max_queued_messages`), instead of this process.
/// - **The block is brief** (``maximumWait``). The reader may itself be waiting for the loop thread, e.g. for the
///   PUBACK of a reply it published, which the loop thread reads only after the message it is blocked on. When
///   the reader takes nothing for ``maximumWait``, the message is queued over the limit and the gate stops
///   blocking until the reader takes a message again, so such a wait costs one ``maximumWait``, never one per
///   message; ``MQTTReceiveStatistics/overLimit`` counts these messages.
final class MQTTReceiveGate: Sendable {
    let capacity: Int
    let maximumWait: Duration

    private struct State {
        var buffered = 0
        var writerWaiting = false
        /// Set when the reader took nothing for `maximumWait`; cleared by the next message it takes.
        var readerStalled = false
        var dropped = 0
        var overLimit = 0
    }

    /// What happened to one arriving message.
    enum Admission: Equatable {
        case queued
        case queuedOverLimit
        case dropped
    }

    private enum Decision {
        case admission(Admission)
        case wait
    }

    private let state = Mutex(State())
    /// Signalled by the reader for a waiting writer (a counting semaphore, so a signal before the wait is kept).
    private let space = DispatchSemaphore(value: 0)

    init(capacity: Int, maximumWait: Duration) {
        self.capacity = max(capacity, 1)
        self.maximumWait = maximumWait
    }

    /// Called on the loop thread for each arriving message, before it is handed to the reader; may block for
    /// up to ``maximumWait`` at QoS 1 (see the type's policy).
    func admit(qos: MQTTQoS) -> Admission {
        while true {
            let decision = state.withLock { state -> Decision in
                if state.buffered < capacity {
                    state.buffered += 1
                    return .admission(.queued)
                }
                if qos == .atMostOnce {
                    state.dropped += 1
                    return .admission(.dropped)
                }
                if state.readerStalled {
                    state.buffered += 1
                    state.overLimit += 1
                    return .admission(.queuedOverLimit)
                }
                state.writerWaiting = true
                return .wait
            }
            switch decision {
            case .admission(let admission): return admission
            case .wait: break
            }
            if space.wait(timeout: .now() + .nanoseconds(Int(maximumWait.nanoseconds))) == .success { continue }
            let signalled = state.withLock { state in
                // The reader signalled between the timeout and this lock: take that signal and look again.
                guard state.writerWaiting else { return true }
                state.writerWaiting = false
                state.readerStalled = true
                state.buffered += 1
                state.overLimit += 1
                return false
            }
            if signalled {
                space.wait()
                continue
            }
            return .queuedOverLimit
        }
    }

    /// Called by the reader for each message it takes.
    func taken() {
        let wake = state.withLock { state in
            state.buffered -= 1
            state.readerStalled = false
            guard state.writerWaiting, state.buffered < capacity else { return false }
            state.writerWaiting = false
            return true
        }
        if wake { space.signal() }
    }

    var statistics: MQTTReceiveStatistics {
        state.withLock {
            MQTTReceiveStatistics(buffered: $0.buffered, dropped: $0.dropped, overLimit: $0.overLimit)
        }
    }
}

extension Duration {
    fileprivate var nanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}
