import MQTTClient
import Shared

/// Everything `dji-bridge` reads from its environment; defaults are documented in docs/configuration.md.
struct BridgeConfiguration: Sendable {
    /// libpq connection string or URI, exactly as `psql` accepts it.
    var databaseURL: String
    /// Broker, client id, TLS and protocol version.
    var mqtt: MQTTConfiguration
    /// The shared-subscription group every uplink filter is subscribed in, so that several bridges split the
    /// devices' messages between them; nil subscribes plainly (one bridge only, or a broker without `$share`).
    var shareGroup: String? = "dockgate"
    var databasePoolSize: Int = 4
    /// How often buffered telemetry, events and topology are written: one batch per kind per flush.
    var flushInterval: Duration = .milliseconds(500)
    /// A device that sends nothing for this long is marked offline (DJI sends OSD every 0.5–2 s).
    var offlineAfter: Duration = .seconds(60)
    /// `GET /healthz` and `GET /metrics` of the bridge; port 0 picks a free one.
    var httpHost: String = "127.0.0.1"
    var httpPort: Int = 9090
    var logging = LoggingConfiguration()
    /// `DOCKGATE_NOTIFICATIONS`: LISTEN/NOTIFY hints for commands, or periodic scans only.
    var notifications = NotificationSetting.on
    /// What the platform answers device requests with, and how long a request waits for an integrator.
    var requests = RequestReplyConfiguration()
    /// Who manages docks' broker accounts (`BROKER_DOCK_ACCOUNTS`).
    var dockAccounts = DockAccountMode.off
    /// How long a dynamic security command waits for the connection and for the plugin's answer.
    var brokerControlTimeout: Duration = .seconds(10)
}

/// `BROKER_DOCK_ACCOUNTS`: whether the bridge manages docks' broker accounts.
enum DockAccountMode: String, Sendable, CaseIterable {
    /// The broker authenticates docks by itself (a password file, EMQX's own database…); the bridge touches
    /// no accounts and `dock-accounts` refuses to run.
    case off
    /// Docks have accounts in mosquitto's dynamic security plugin, made with `dji-bridge dock-accounts`; the
    /// bridge extends a dock's role to the aircraft it reports.
    case dynamicSecurity = "dynamic-security"
}
