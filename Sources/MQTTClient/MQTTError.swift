internal import CMosquitto
import Foundation

/// A failure of the MQTT client, with what a person needs to act on it: what the client was doing, the
/// libmosquitto error code and message, or the broker's MQTT reason code.
///
/// The ``kind`` tells a caller what happened to the packet. That matters to the bridge, which must never
/// publish a command twice: ``Kind-swift.enum/notConnected`` means nothing was handed to libmosquitto, while
/// ``Kind-swift.enum/connectionLost`` means the packet may have reached the broker.
public struct MQTTError: Error, CustomStringConvertible, Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// The configuration (URL, option) is invalid; retrying does not help.
        case invalidConfiguration
        /// The client was not connected, so nothing was sent; retrying later is safe.
        case notConnected
        /// The connection dropped (or the client stopped) before the broker acknowledged the packet: the
        /// outcome is unknown. For a QoS 1 publish libmosquitto keeps the message and retransmits it after
        /// reconnecting (MQTT 3.1.1 §4.4), so it may still arrive; a caller that must not duplicate it must
        /// not publish it again.
        case connectionLost
        /// The broker refused: a CONNACK, SUBACK or PUBACK with a failure reason code (see ``reasonCode``).
        case refused
        /// A wait ran out of time.
        case timedOut
        /// The client is shutting down or has stopped, so nothing was sent.
        case stopped
        /// Any other libmosquitto error (see ``code``), e.g. `MOSQ_ERR_INVAL` for a topic with a wildcard or
        /// `MOSQ_ERR_PAYLOAD_SIZE`: libmosquitto rejected the call, nothing was sent.
        case library
    }

    public var kind: Kind
    /// What the client was doing, e.g. "publish to thing/product/x/services".
    public var operation: String
    /// The libmosquitto error code (`MOSQ_ERR_*`), when libmosquitto reported the error.
    public var code: Int32?
    /// The MQTT reason code from the broker (CONNACK, SUBACK or PUBACK), when the broker reported it.
    public var reasonCode: Int?
    /// `mosquitto_strerror`, `mosquitto_connack_string` or `mosquitto_reason_string`, or the client's own words.
    public var message: String

    public init(kind: Kind, operation: String, code: Int32? = nil, reasonCode: Int? = nil, message: String) {
        self.kind = kind
        self.operation = operation
        self.code = code
        self.reasonCode = reasonCode
        self.message = message
    }

    public var description: String {
        var text = "MQTT \(operation) failed: \(message)"
        if let code {
            text += " (libmosquitto error \(code))"
        }
        if let reasonCode {
            text += " (reason code 0x\(String(reasonCode, radix: 16, uppercase: true)))"
        }
        return text
    }
}

extension MQTTError {
    /// An error from a libmosquitto call, with `mosquitto_strerror`'s text.
    ///
    /// For `MOSQ_ERR_ERRNO`, `mosquitto_strerror` reads `errno`, so call this right after the failing call.
    static func library(_ code: Int32, _ operation: String) -> MQTTError {
        let kind: Kind = code == MOSQ_ERR_NO_CONN.rawValue ? .notConnected : .library
        return MQTTError(
            kind: kind, operation: operation, code: code, message: String(cString: mosquitto_strerror(code)))
    }

    /// Like ``library(_:_:)``, with the `errno` captured right after the failing call (on the thread that made it).
    static func library(_ code: Int32, _ operation: String, errno: Int32) -> MQTTError {
        var error = library(code, operation)
        if code == MOSQ_ERR_ERRNO.rawValue {
            error.message = String(cString: strerror(errno))
        }
        return error
    }

    /// A refusal by the broker, described with libmosquitto's text for the reason code.
    ///
    /// MQTT 3.1.1 CONNACK return codes (1–5) have their own table (`mosquitto_connack_string`); everything
    /// else is an MQTT 5 reason code (`mosquitto_reason_string`), which libmosquitto also uses for the 0x80
    /// failure code of a 3.1.1 SUBACK.
    static func refused(_ reasonCode: Int32, _ operation: String, connack: Bool, version: MQTTProtocolVersion)
        -> MQTTError
    {
        let text =
            connack && version == .v311
            ? String(cString: mosquitto_connack_string(reasonCode))
            : String(cString: mosquitto_reason_string(reasonCode))
        return MQTTError(kind: .refused, operation: operation, reasonCode: Int(reasonCode), message: text)
    }

    static func notConnected(_ operation: String) -> MQTTError {
        MQTTError(kind: .notConnected, operation: operation, message: "the client is not connected to the broker")
    }

    static func connectionLost(_ operation: String) -> MQTTError {
        MQTTError(
            kind: .connectionLost,
            operation: operation,
            message: "the connection was lost or the client stopped before the broker acknowledged it; "
                + "the outcome is unknown"
        )
    }

    static func stopped(_ operation: String) -> MQTTError {
        MQTTError(kind: .stopped, operation: operation, message: "the client is shutting down")
    }

    static func invalidConfiguration(_ message: String) -> MQTTError {
        MQTTError(kind: .invalidConfiguration, operation: "configuration", message: message)
    }
}
