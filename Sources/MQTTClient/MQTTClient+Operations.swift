internal import CMosquitto
import Foundation
import Synchronization

// The libmosquitto calls here do not block on the network: the handle is in threaded mode, so
// mosquitto_publish/_subscribe/_unsubscribe only queue the packet under the handle's mutexes and wake the
// loop thread through libmosquitto's socket pair; the loop thread writes it. So they run on the calling
// task's thread rather than paying for a hop per message.

extension MQTTClient {
    /// Publishes one message.
    ///
    /// QoS 0: returns once handed to libmosquitto. QoS 1: returns once the broker's PUBACK for that message id
    /// arrived. Throws ``MQTTError/Kind-swift.enum/notConnected`` (nothing was sent) when not connected: the
    /// caller decides whether to retry. Throws ``MQTTError/Kind-swift.enum/connectionLost`` when the connection
    /// dropped before the PUBACK: the message may still arrive, so the bridge must not publish it again.
    /// An MQTT 5 PUBACK with a failure reason (0x80 and up) throws ``MQTTError/Kind-swift.enum/refused``.
    ///
    /// - Parameter messageExpiry: seconds, sent as the MQTT 5 message expiry interval (ignored on 3.1.1).
    @discardableResult
    public func publish(
        topic: String,
        payload: [UInt8],
        qos: MQTTQoS,
        retain: Bool = false,
        messageExpiry: UInt32? = nil
    ) async throws -> MQTTPublishResult {
        let operation = "publish to \(topic)"
        guard let length = Int32(exactly: payload.count) else {
            throw MQTTError.library(MOSQ_ERR_PAYLOAD_SIZE.rawValue, operation)
        }
        var properties: OpaquePointer?
        defer { mosquitto_property_free_all(&properties) }
        if let messageExpiry, configuration.protocolVersion == .v5 {
            let code = mosquitto_property_add_int32(
                &properties,
                Int32(MQTT_PROP_MESSAGE_EXPIRY_INTERVAL.rawValue),
                messageExpiry
            )
            guard code == MOSQ_ERR_SUCCESS.rawValue else { throw MQTTError.library(code, operation) }
        }
        let handle = handle
        let publishProperties = properties
        func send(_ messageID: UnsafeMutablePointer<Int32>) -> Int32 {
            payload.withUnsafeBytes { bytes in
                mosquitto_publish_v5(
                    handle.pointer, messageID, topic, length, bytes.baseAddress, qos.rawValue, retain, publishProperties
                )
            }
        }

        switch qos {
        case .atMostOnce:
            try machine.withLock { state throws(MQTTError) in try state.checkConnected(operation) }
            var messageID: Int32 = 0
            let code = send(&messageID)
            // Without a socket libmosquitto drops a QoS 0 packet (send__publish returns MOSQ_ERR_NO_CONN): not sent.
            guard code == MOSQ_ERR_SUCCESS.rawValue else { throw MQTTError.library(code, operation) }
            return MQTTPublishResult(messageID: messageID, reasonCode: nil)

        case .atLeastOnce:
            // libmosquitto queues a QoS 1 message before it checks the socket, and sends it after the next
            // reconnect even when mosquitto_publish returned MOSQ_ERR_NO_CONN: the outcome is unknown.
            let (messageID, acknowledgement) = try await acknowledged(operation, queuedWithoutConnection: true, send)
            guard case .publish(let reasonCode) = acknowledgement else {
                throw MQTTError(kind: .library, operation: operation, message: "a PUBACK was expected")
            }
            if reasonCode >= 0x80 {
                throw MQTTError.refused(reasonCode, operation, connack: false, version: configuration.protocolVersion)
            }
            // libmosquitto reports reason code 0 for a 3.1.1 PUBACK, which has none.
            return MQTTPublishResult(
                messageID: messageID,
                reasonCode: configuration.protocolVersion == .v5 ? Int(reasonCode) : nil
            )
        }
    }

    /// Subscribes (waits for SUBACK); the filters are remembered and re-subscribed after every reconnect.
    ///
    /// Throws ``MQTTError/Kind-swift.enum/notConnected`` when not connected (nothing is remembered), and
    /// ``MQTTError/Kind-swift.enum/refused`` for filters the broker refused (they are forgotten). When the
    /// connection drops before the SUBACK it throws ``MQTTError/Kind-swift.enum/connectionLost``, and the
    /// filters stay remembered: they are subscribed after the reconnect. Subscribing again is harmless.
    public func subscribe(_ filters: [String: MQTTQoS]) async throws {
        guard !filters.isEmpty else { return }
        // Checked before remembering: an invalid filter would fail again after every reconnect.
        for filter in filters.keys {
            let code = mosquitto_sub_topic_check(filter)
            guard code == MOSQ_ERR_SUCCESS.rawValue else { throw MQTTError.library(code, "subscribe to \(filter)") }
        }
        try machine.withLock { state throws(MQTTError) in
            try state.checkConnected("subscribe to \(filters.keys.sorted())")
            state.remember(filters)
        }
        try await sendSubscriptions(filters)
    }

    /// Unsubscribes (waits for UNSUBACK). The filters are forgotten first, so they are not re-subscribed after
    /// a reconnect even when this throws (``MQTTError/Kind-swift.enum/notConnected`` when not connected).
    public func unsubscribe(_ filters: [String]) async throws {
        guard !filters.isEmpty else { return }
        machine.withLock { $0.forget(filters) }
        let handle = handle
        let count = Int32(filters.count)
        _ = try await acknowledged("unsubscribe from \(filters)", queuedWithoutConnection: false) { messageID in
            Self.withCStrings(filters) { mosquitto_unsubscribe_multiple(handle.pointer, messageID, count, $0, nil) }
        }
    }

    /// Sends SUBSCRIBE packets for `filters` and checks every granted QoS in the SUBACKs.
    func sendSubscriptions(_ filters: [String: MQTTQoS]) async throws {
        let handle = handle
        // mosquitto_subscribe_multiple takes one QoS for all its filters: one SUBSCRIBE per QoS.
        let groups = Dictionary(grouping: filters.keys.sorted()) { filters[$0] ?? .atLeastOnce }
        for (qos, group) in groups.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            let operation = "subscribe to \(group)"
            let count = Int32(group.count)
            let acknowledgement: Acknowledgement
            do {
                (_, acknowledgement) = try await acknowledged(operation, queuedWithoutConnection: false) { messageID in
                    Self.withCStrings(group) {
                        mosquitto_subscribe_multiple(handle.pointer, messageID, count, $0, qos.rawValue, 0, nil)
                    }
                }
            } catch let error as MQTTError where error.kind == .library {
                // libmosquitto rejected the SUBSCRIBE itself: sending it again after a reconnect cannot help.
                machine.withLock { $0.forget(group) }
                throw error
            }
            guard case .subscribe(let granted) = acknowledgement else {
                throw MQTTError(kind: .library, operation: operation, message: "a SUBACK was expected")
            }
            // A SUBACK grants a QoS (0–2) per filter, in order, or refuses it with 0x80 or a higher reason code.
            let refused = zip(group, granted).filter { $0.1 >= 0x80 }
            if let first = refused.first {
                let filters = refused.map(\.0)
                machine.withLock { $0.forget(filters) }
                throw MQTTError.refused(
                    first.1,
                    "subscribe to \(filters)",
                    connack: false,
                    version: configuration.protocolVersion
                )
            }
        }
    }

    /// Hands a packet to libmosquitto with `send` (which returns a `MOSQ_ERR_*` code and fills in the message
    /// id), then waits for the broker's acknowledgement of that message id.
    ///
    /// - Parameter queuedWithoutConnection: libmosquitto keeps the packet and sends it after a reconnect even
    ///   when `send` says `MOSQ_ERR_NO_CONN` (true for QoS 1 publishes), so that is reported as `connectionLost`.
    func acknowledged(
        _ operation: String,
        queuedWithoutConnection: Bool,
        _ send: (UnsafeMutablePointer<Int32>) -> Int32
    ) async throws -> (messageID: Int32, acknowledgement: Acknowledgement) {
        let call = try machine.withLock { state throws(MQTTError) in try state.beginCall(operation) }
        var messageID: Int32 = 0
        let code = send(&messageID)
        guard code == MOSQ_ERR_SUCCESS.rawValue else {
            machine.withLock { $0.abandonCall() }
            if code == MOSQ_ERR_NO_CONN.rawValue && queuedWithoutConnection {
                throw MQTTError.connectionLost(operation)
            }
            throw MQTTError.library(code, operation)
        }
        let id = messageID
        do {
            let acknowledgement = try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (waiter: ClientStateMachine.AcknowledgementWaiter) in
                    switch machine.withLock({ $0.register(waiter, for: id, call: call) }) {
                    case .wait:
                        // A cancellation that came before the waiter was registered found nothing to cancel.
                        if Task.isCancelled {
                            machine.withLock { $0.cancelWaiter(for: id) }?.resume(throwing: CancellationError())
                        }
                    case .resume(let acknowledgement):
                        waiter.resume(returning: acknowledgement)
                    case .fail:
                        waiter.resume(throwing: MQTTError.connectionLost(operation))
                    }
                }
            } onCancel: {
                machine.withLock { $0.cancelWaiter(for: id) }?.resume(throwing: CancellationError())
            }
            return (id, acknowledgement)
        } catch var error as MQTTError {
            error.operation = operation
            throw error
        }
    }

    /// Calls `body` with a C array of C strings, valid only during the call (libmosquitto copies them).
    private static func withCStrings(
        _ strings: [String],
        _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>?) -> Int32
    ) -> Int32 {
        let pointers = strings.map { strdup($0) }
        defer { pointers.forEach { free($0) } }
        guard !pointers.contains(nil) else { return MOSQ_ERR_NOMEM.rawValue }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress) }
    }
}
