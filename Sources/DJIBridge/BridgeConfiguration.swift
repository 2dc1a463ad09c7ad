import MQTTClient
import Shared

/// Everything `dji-bridge` reads from its environment; defaults are documented in docs/configuration.md.
struct BridgeConfiguration: Sendable {
    /// libpq connection string or URI, exactly as `psql` accepts it.
    var databaseURL: String
    /// Broker, client id, TLS and protocol version.
    var mqtt: MQTTConfiguration
    var databasePoolSize: Int = 4
    var logging = LoggingConfiguration()
}
