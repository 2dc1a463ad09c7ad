/// The MQTT protocol revision the client speaks.
///
/// MQTT 5 adds reason codes to acknowledgements (a PUBACK can say "no matching subscribers") and the
/// message expiry interval; DJI docks speak 3.1.1, so both stay supported.
public enum MQTTProtocolVersion: Sendable, Hashable {
    case v311
    case v5
}
