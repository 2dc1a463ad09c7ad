import MQTTClient

extension MQTTConfiguration {
    /// The bridge's account on a second connection for `$CONTROL` commands: its own client id, because a broker
    /// disconnects the older of two clients with the same id.
    var controlConnection: MQTTConfiguration {
        var configuration = self
        configuration.clientID += "-control"
        return configuration
    }
}
