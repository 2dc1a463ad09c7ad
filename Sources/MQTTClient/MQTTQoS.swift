/// MQTT delivery guarantee of a subscription or a publish.
///
/// QoS 2 is left out on purpose: DJI docks use QoS 0 and 1 only (Cloud API reference §1.1).
public enum MQTTQoS: Int32, Sendable, Hashable {
    case atMostOnce = 0
    case atLeastOnce = 1
}
