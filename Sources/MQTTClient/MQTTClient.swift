internal import CMosquitto
import Dispatch
import Logging
import ServiceLifecycle
import Synchronization

/// An MQTT client on libmosquitto, run as a `Service`.
///
/// `run()` connects and keeps the connection: after a failed attempt or a lost connection it reconnects
/// with backoff (``MQTTConfiguration/reconnectDelay``) and re-subscribes the remembered filters. Messages
/// arrive on ``messages``; ``publish(topic:payload:qos:retain:messageExpiry:)`` waits for the broker's PUBACK
/// at QoS 1.
///
/// The network loop runs on a thread of its own (see `MQTTClient+Loop.swift`). libmosquitto's callbacks run
/// there too; they only turn C data into values and yield them into an `AsyncStream`, or resume a waiting
/// continuation kept in ``ClientStateMachine`` behind a `Mutex`. Decisions (re-subscribing, reporting
/// `connected`) happen in `run()`. Received messages pass a bounded gate first (`MQTTReceiveGate`), which may
/// drop a QoS 0 message or hold the loop thread briefly when the reader of ``messages`` falls behind.
public final class MQTTClient: Service, Sendable {
    /// What the loop thread and libmosquitto's callbacks report to `run()`.
    enum Event: Sendable {
        case connectionAcknowledged(reasonCode: Int32, sessionPresent: Bool, connection: UInt64)
        /// A connection attempt failed or a connection ended. `errno` is captured on the loop thread,
        /// because `MOSQ_ERR_ERRNO` only means something with it.
        case disconnected(code: Int32, errno: Int32)
        /// The loop thread stopped for good after an error no retry can fix.
        case gaveUp(code: Int32, errno: Int32)
        case stopRequested
    }

    let configuration: MQTTConfiguration
    let logger: Logger
    let handle: MosquittoHandle
    let machine = Mutex(ClientStateMachine())
    let messageContinuation: AsyncStream<MQTTMessage>.Continuation
    let receiveGate: MQTTReceiveGate
    let eventContinuation: AsyncStream<Event>.Continuation
    let stateContinuation: AsyncStream<MQTTConnectionState>.Continuation
    let eventStream: AsyncStream<Event>
    /// Set once by `run()` when it stops; read by the loop thread after every `mosquitto_loop`.
    let loopStopping = Atomic(false)
    /// Ends the loop thread's wait between reconnect attempts early, when `run()` stops.
    let loopWakeUp = DispatchSemaphore(value: 0)
    private let messageStream: AsyncStream<MQTTMessage>
    private let stateStream: AsyncStream<MQTTConnectionState>

    /// Creates the libmosquitto handle and applies `configuration`; nothing connects before ``run()``.
    public init(configuration: MQTTConfiguration, logger: Logger) throws {
        self.handle = try MosquittoHandle(configuration: configuration)
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "mqtt.client_id"] = "\(configuration.clientID)"
        self.logger = logger
        (messageStream, messageContinuation) = AsyncStream.makeStream()
        receiveGate = MQTTReceiveGate(
            capacity: configuration.receiveBufferCapacity, maximumWait: configuration.receiveBufferMaximumWait)
        // Only the latest states matter to a late reader; a client nobody watches must not grow a buffer.
        (stateStream, stateContinuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(64))
        (eventStream, eventContinuation) = AsyncStream.makeStream()
        installCallbacks()
    }

    deinit {
        // No loop thread runs here: run() waits for it to end, and run() keeps `self` alive.
        uninstallCallbacks()
        mosquitto_destroy(handle.pointer)
    }

    /// Messages from all subscriptions, in arrival order. Single consumer: iterate it once (dropping the
    /// iterator ends the stream). The buffer holds ``MQTTConfiguration/receiveBufferCapacity`` messages; a reader
    /// that falls further behind loses QoS 0 messages and slows the network loop down (see `MQTTReceiveGate`).
    /// Finishes when ``run()`` returns.
    public var messages: MQTTMessages { MQTTMessages(stream: messageStream, gate: receiveGate) }

    /// Counters of the receive buffer: how many messages wait, how many QoS 0 messages were dropped.
    public var receiveStatistics: MQTTReceiveStatistics { receiveGate.statistics }

    /// Connection state changes. Single consumer, like ``messages``; keeps the latest 64 unread states.
    /// Finishes when ``run()`` returns.
    public var connectionStates: AsyncStream<MQTTConnectionState> { stateStream }

    public var state: MQTTConnectionState { machine.withLock { $0.connectionState } }

    /// Why the client is not connected: the error of the last failed connection attempt or lost connection
    /// (e.g. a CONNACK refusal with its reason code, or a TLS failure). `nil` while connected.
    public var lastConnectionError: MQTTError? { machine.withLock { $0.lastConnectionError } }

    /// Waits until connected (or throws after timeout).
    ///
    /// Throws ``MQTTError/Kind-swift.enum/timedOut`` when `timeout` passes first (its message includes
    /// ``lastConnectionError``), and ``MQTTError/Kind-swift.enum/stopped`` when the client stops. May be
    /// called before ``run()``.
    public func waitUntilConnected(timeout: Duration) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await self.connected()
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                let reason = self.lastConnectionError.map { "; last error: \($0)" } ?? ""
                throw MQTTError(
                    kind: .timedOut,
                    operation: "connect to \(self.configuration.redactedURL)",
                    message: "not connected after \(timeout)\(reason)"
                )
            }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    private func connected() async throws {
        let id = machine.withLock { $0.makeConnectionWaiterID() }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (waiter: CheckedContinuation<Void, any Error>) in
                let (waiting, lifecycle) = machine.withLock { ($0.addConnectionWaiter(waiter, id: id), $0.lifecycle) }
                if !waiting {
                    if lifecycle == .idle || lifecycle == .running {
                        waiter.resume()
                    } else {
                        waiter.resume(throwing: MQTTError.stopped("wait for the connection"))
                    }
                } else if Task.isCancelled {
                    machine.withLock { $0.removeConnectionWaiter(id: id) }?.resume(throwing: CancellationError())
                }
            }
        } onCancel: {
            machine.withLock { $0.removeConnectionWaiter(id: id) }?.resume(throwing: CancellationError())
        }
    }

    /// Connects and keeps the connection until cancelled or graceful shutdown; then disconnects cleanly.
    ///
    /// Failed attempts and lost connections are retried, whatever the cause (a refused CONNACK, a TLS
    /// failure, an unknown host): the broker or its configuration may be fixed while the client waits, and
    /// ``lastConnectionError`` tells why it is not connected meanwhile. Throws only for a configuration that
    /// libmosquitto rejects outright (`MOSQ_ERR_INVAL`, e.g. an empty host). May run once.
    public func run() async throws {
        guard machine.withLock({ $0.start() }) else {
            throw MQTTError(kind: .stopped, operation: "run", message: "run() may only be called once")
        }
        stateContinuation.yield(.connecting)
        logger.info("Connecting to the MQTT broker", metadata: ["mqtt.url": "\(configuration.redactedURL)"])

        let failure = await withDiscardingTaskGroup { group in
            group.addTask {
                await self.runLoopThread()
            }
            let failure = await withTaskCancellationOrGracefulShutdownHandler {
                await self.processEvents()
            } onCancelOrGracefulShutdown: {
                self.requestStop()
            }
            stopLoop()
            return failure
        }
        finish()
        if let failure {
            logger.error("The MQTT client failed", metadata: ["error": "\(failure)"])
            throw failure
        }
    }
}
