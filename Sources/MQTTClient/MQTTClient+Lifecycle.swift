internal import CMosquitto
import Logging
import Synchronization

extension MQTTClient {
    /// Handles the loop thread's events until a stop is requested or the loop gave up; returns why it gave up.
    func processEvents() async -> MQTTError? {
        // A CONNACK refusal says more than the protocol error that ends the connection right after it.
        var refusal: MQTTError?
        for await event in eventStream {
            switch event {
            case .stopRequested:
                return nil

            case .connectionAcknowledged(let reasonCode, let sessionPresent, let connection):
                guard reasonCode == 0 else {
                    // libmosquitto ends the connection after a refusal; a `disconnected` event follows.
                    let error = MQTTError.refused(
                        reasonCode,
                        "connect to \(configuration.redactedURL)",
                        connack: true,
                        version: configuration.protocolVersion
                    )
                    refusal = error
                    logger.error("The broker refused the connection", metadata: ["error": "\(error)"])
                    continue
                }
                logger.info("Connected to the MQTT broker", metadata: ["mqtt.session_present": "\(sessionPresent)"])
                await restoreSubscriptions()
                if let ready = machine.withLock({ $0.confirmConnected(connection) }) {
                    stateContinuation.yield(.connected)
                    for waiter in ready {
                        waiter.resume()
                    }
                }

            case .disconnected(let code, let errno):
                let error =
                    refusal ?? MQTTError.library(code, "connection to \(configuration.redactedURL)", errno: errno)
                refusal = nil
                let changed = machine.withLock { state in
                    state.recordConnectionError(error)
                    return state.markDisconnected()
                }
                if changed {
                    stateContinuation.yield(.disconnected)
                    logger.warning("Not connected to the MQTT broker; reconnecting", metadata: ["error": "\(error)"])
                } else {
                    // One warning per outage; the repeated attempts are detail.
                    logger.debug("Connection attempt failed", metadata: ["error": "\(error)"])
                }

            case .gaveUp(let code, let errno):
                var error = MQTTError.library(code, "connect to \(configuration.redactedURL)", errno: errno)
                error.kind = .invalidConfiguration
                return error
            }
        }
        return nil  // run() was cancelled
    }

    /// Sends the remembered subscriptions on a new connection; a clean session starts without any.
    private func restoreSubscriptions() async {
        let filters = machine.withLock { $0.subscriptions }
        guard !filters.isEmpty else { return }
        do {
            try await sendSubscriptions(filters)
            logger.info("Restored subscriptions", metadata: ["mqtt.filters": "\(filters.keys.sorted())"])
        } catch {
            logger.error("Restoring subscriptions failed", metadata: ["error": "\(error)"])
        }
    }

    /// Called on graceful shutdown or cancellation: fails the waiters at once (a broker that stopped
    /// answering must not hold up the shutdown) and tells `processEvents` to return.
    func requestStop() {
        failStrandedWaiters()
        eventContinuation.yield(.stopRequested)
    }

    func failStrandedWaiters() {
        let stranded = machine.withLock { $0.stop() }
        for waiter in stranded.acknowledgements {
            waiter.resume(throwing: MQTTError.connectionLost("wait for an acknowledgement"))
        }
        for waiter in stranded.connections {
            waiter.resume(throwing: MQTTError.stopped("wait for the connection"))
        }
    }

    /// After the loop thread ended: report `disconnected` and finish the streams.
    func finish() {
        let wasDisconnected = machine.withLock { state in
            defer { state.finish() }
            return state.connectionState == .disconnected
        }
        if !wasDisconnected {
            stateContinuation.yield(.disconnected)
        }
        stateContinuation.finish()
        messageContinuation.finish()
        eventContinuation.finish()
        logger.info("The MQTT client stopped")
    }
}
