internal import CMosquitto
import Dispatch
import Foundation
import Synchronization

// The network loop, on a thread of its own, instead of libmosquitto's `mosquitto_loop_start`.
//
// `mosquitto_loop_start` runs `mosquitto_loop_forever`, and libmosquitto 2.0.11 (Debian 12) stops that loop
// for good in cases the bridge must survive; each was reproduced with a small C client against mosquitto:
// - with TLS and OpenSSL 3, a broker that dies without a TLS close_notify (killed, crashed, connection reset)
//   makes OpenSSL report "unexpected eof while reading"; libmosquitto sets errno to EPROTO and
//   `mosquitto_loop_forever` returns ("if(errno == EPROTO) return rc;"), so the client never reconnects;
// - a failed TLS handshake (MOSQ_ERR_TLS) ends the loop without calling on_disconnect, so nothing even
//   tells the owner that the client is dead;
// - when the first `mosquitto_connect_async` fails at once (unknown host, loopback port refused), the handle
//   stays in its "new" state, and the loop_start thread waits for that state to change, forever.
// The thread below calls `mosquitto_loop` and reconnects itself (`mosquitto_reconnect_async`), with
// libmosquitto's backoff formula, and it knows when a connection ended whatever libmosquitto's callbacks did.
// `mosquitto_threaded_set(true)` (in MosquittoHandle) makes publish/subscribe from other threads only queue
// packets and wake this thread through libmosquitto's socket pair.

extension MQTTClient {
    /// Runs the loop thread and returns when it has ended (after ``stopLoop()``, or after it gave up).
    func runLoopThread() async {
        await withCheckedContinuation { (finished: CheckedContinuation<Void, Never>) in
            let thread = Thread {
                self.loop()
                finished.resume()
            }
            thread.name = "mqtt-loop"
            thread.start()
        }
    }

    /// Tells the loop thread to end: `run()` calls it once, after it stopped processing events.
    func stopLoop() {
        failStrandedWaiters()
        loopStopping.store(true, ordering: .sequentiallyConsistent)
        // Sends DISCONNECT if connected (the loop thread writes it and closes the socket), wakes the loop.
        mosquitto_disconnect(handle.pointer)
        loopWakeUp.signal()
    }

    private var stopping: Bool { loopStopping.load(ordering: .sequentiallyConsistent) }

    /// The loop thread: connect, run the connection until it ends, wait, reconnect; until stopped.
    private func loop() {
        let pointer = handle.pointer
        var failedAttempts = 0
        var initialized = false
        while !stopping {
            // The first call stores host and port in the handle; later ones reuse them. Both only start a
            // non-blocking TCP connect (after a blocking name lookup); the loop finishes it.
            var code =
                initialized
                ? mosquitto_reconnect_async(pointer)
                : mosquitto_connect_async(
                    pointer,
                    configuration.host,
                    Int32(clamping: configuration.port),
                    Int32(clamping: configuration.keepAlive)
                )
            var savedErrno = errno
            initialized = initialized || code != MOSQ_ERR_INVAL.rawValue
            if code == MOSQ_ERR_SUCCESS.rawValue {
                code = runConnection()
                savedErrno = errno
            }
            if stopping {
                break
            }
            let wasConnected = connectionEnded(code: code, errno: savedErrno)
            if Self.retryCannotHelp(code) {
                eventContinuation.yield(.gaveUp(code: code, errno: savedErrno))
                return
            }
            failedAttempts = wasConnected ? 1 : failedAttempts + 1
            _ = loopWakeUp.wait(timeout: .now() + .seconds(reconnectDelaySeconds(attempt: failedAttempts)))
        }
    }

    /// Calls `mosquitto_loop` until it reports an error, which means the connection is gone; returns it.
    ///
    /// Once stopping, the loop keeps going so that the DISCONNECT queued by ``stopLoop()`` is written (then
    /// libmosquitto closes the socket and the loop reports `MOSQ_ERR_NO_CONN`), but for two seconds at most.
    private func runConnection() -> Int32 {
        var stopDeadline: ContinuousClock.Instant?
        while true {
            // Returns after socket activity, a wake-up from another thread's publish, or one second.
            let code = mosquitto_loop(handle.pointer, 1000, 1)
            guard code == MOSQ_ERR_SUCCESS.rawValue else { return code }
            if stopping {
                guard let deadline = stopDeadline else {
                    // stopLoop's DISCONNECT is lost if this connection was opened after it: say it again.
                    mosquitto_disconnect(handle.pointer)
                    stopDeadline = .now.advanced(by: .seconds(2))
                    continue
                }
                if .now >= deadline {
                    return MOSQ_ERR_SUCCESS.rawValue
                }
            }
        }
    }

    /// Reports the end of a connection or a failed attempt; returns whether a CONNACK had been accepted.
    private func connectionEnded(code: Int32, errno: Int32) -> Bool {
        let (stranded, wasConnected) = machine.withLock { $0.linkLost() }
        for waiter in stranded {
            waiter.resume(throwing: MQTTError.connectionLost("wait for an acknowledgement"))
        }
        eventContinuation.yield(.disconnected(code: code, errno: errno))
        return wasConnected
    }

    /// libmosquitto's backoff for attempt 1, 2, …: `lower * attempt²` seconds, at most `upper`.
    private func reconnectDelaySeconds(attempt: Int) -> Int {
        let range = configuration.reconnectDelay
        let delay = range.lowerBound.multipliedReportingOverflow(by: attempt * attempt)
        return delay.overflow ? range.upperBound : min(delay.partialValue, range.upperBound)
    }

    /// Errors that the same call on the same handle can only repeat: a configuration libmosquitto rejects.
    static func retryCannotHelp(_ code: Int32) -> Bool {
        [MOSQ_ERR_INVAL, MOSQ_ERR_NOMEM, MOSQ_ERR_NOT_SUPPORTED].contains { $0.rawValue == code }
    }
}
