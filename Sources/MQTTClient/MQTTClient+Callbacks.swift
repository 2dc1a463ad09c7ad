internal import CMosquitto
import Logging
import Synchronization

// libmosquitto calls these on the loop thread (the log callback also on any thread that calls into it).
// Each one turns C data into a Swift value and hands it over: into an AsyncStream, or to a waiting
// continuation taken out of the state machine. Nothing here decides what happens next, except the receive
// gate's fixed policy for a full buffer (drop QoS 0, hold the thread briefly for QoS 1: MQTTReceiveGate).
//
// There is no on_disconnect: libmosquitto skips it on some paths (a failed TLS handshake), so the loop
// thread reports the end of a connection itself, from `mosquitto_loop`'s result.
//
// The client reaches the callbacks as unretained userdata. That is safe because callbacks run only while
// the loop thread runs, which is inside `run()` (holding a strong reference to the client), or during a
// call into libmosquitto made by one of the client's methods; `deinit` clears the userdata first.

extension MQTTClient {
    func installCallbacks() {
        let pointer = handle.pointer
        mosquitto_user_data_set(pointer, Unmanaged.passUnretained(self).toOpaque())

        mosquitto_connect_v5_callback_set(pointer) { _, userdata, reasonCode, flags, _ in
            MQTTClient.client(from: userdata)?.connectionAcknowledged(reasonCode: reasonCode, flags: flags)
        }
        // Called for the PUBACK of a QoS 1 message, and after a QoS 0 message was written to the socket.
        mosquitto_publish_v5_callback_set(pointer) { _, userdata, messageID, reasonCode, _ in
            MQTTClient.client(from: userdata)?.acknowledgementArrived(messageID, .publish(reasonCode: reasonCode))
        }
        mosquitto_subscribe_v5_callback_set(pointer) { _, userdata, messageID, count, granted, _ in
            let codes = granted.map { Array(UnsafeBufferPointer(start: $0, count: Int(max(count, 0)))) } ?? []
            MQTTClient.client(from: userdata)?.acknowledgementArrived(messageID, .subscribe(grantedQoS: codes))
        }
        mosquitto_unsubscribe_v5_callback_set(pointer) { _, userdata, messageID, _ in
            MQTTClient.client(from: userdata)?.acknowledgementArrived(messageID, .unsubscribe)
        }
        mosquitto_message_v5_callback_set(pointer) { _, userdata, message, _ in
            guard let message, let client = MQTTClient.client(from: userdata) else { return }
            // Admitted before the copy, so a dropped message costs nothing.
            let qos = MQTTQoS(rawValue: message.pointee.qos) ?? .atLeastOnce
            guard client.receiveGate.admit(qos: qos) != .dropped else { return }
            client.messageContinuation.yield(MQTTMessage(message.pointee))
        }
        mosquitto_log_callback_set(pointer) { _, userdata, level, text in
            guard let text, let client = MQTTClient.client(from: userdata) else { return }
            client.logger.log(
                level: MQTTClient.logLevel(forMosquittoLevel: level),
                "\(String(cString: text))",
                metadata: ["mqtt.source": "libmosquitto"]
            )
        }
    }

    /// Detaches the callbacks from the client; called by `deinit` before `mosquitto_destroy`.
    func uninstallCallbacks() {
        mosquitto_user_data_set(handle.pointer, nil)
    }

    private static func client(from userdata: UnsafeMutableRawPointer?) -> MQTTClient? {
        guard let userdata else { return nil }
        return Unmanaged<MQTTClient>.fromOpaque(userdata).takeUnretainedValue()
    }

    private func connectionAcknowledged(reasonCode: Int32, flags: Int32) {
        let connection = reasonCode == 0 ? machine.withLock { $0.linkEstablished() } : 0
        eventContinuation.yield(
            .connectionAcknowledged(reasonCode: reasonCode, sessionPresent: flags & 1 != 0, connection: connection)
        )
    }

    private func acknowledgementArrived(_ messageID: Int32, _ acknowledgement: Acknowledgement) {
        machine.withLock { $0.acknowledge(messageID, acknowledgement) }?.resume(returning: acknowledgement)
    }

    private static func logLevel(forMosquittoLevel level: Int32) -> Logger.Level {
        switch level {
        case MOSQ_LOG_ERR: .error
        case MOSQ_LOG_WARNING: .warning
        case MOSQ_LOG_NOTICE, MOSQ_LOG_INFO: .debug
        default: .trace  // MOSQ_LOG_DEBUG: one line per packet
        }
    }
}

extension MQTTMessage {
    /// Copies a message out of libmosquitto's struct, which is freed when the callback returns.
    init(_ message: mosquitto_message) {
        let payload =
            if let bytes = message.payload, message.payloadlen > 0 {
                [UInt8](UnsafeRawBufferPointer(start: bytes, count: Int(message.payloadlen)))
            } else {
                [UInt8]()
            }
        self.init(
            topic: String(cString: message.topic),
            payload: payload,
            // The client subscribes with QoS 0 or 1, and the broker never delivers above the subscription's QoS.
            qos: MQTTQoS(rawValue: message.qos) ?? .atLeastOnce,
            retain: message.retain
        )
    }
}
