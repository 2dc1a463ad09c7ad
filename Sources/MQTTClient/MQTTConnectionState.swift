/// The client's connection as its users see it.
///
/// `connected` is reported only after the remembered subscriptions were re-subscribed, so a consumer that
/// waits for it does not race the broker delivering messages to a subscription that is not back yet.
public enum MQTTConnectionState: Sendable, Hashable {
    /// `run()` started and the first connection attempt is under way.
    case connecting
    /// The broker accepted the connection and every remembered subscription was sent again.
    case connected
    /// Not connected: before `run()`, while libmosquitto waits to reconnect, and after `run()` returned.
    case disconnected
}
