import Shared

/// Everything `open-api` reads from its environment; defaults are documented in docs/configuration.md.
struct APIConfiguration: Sendable {
    /// libpq connection string or URI, exactly as `psql` accepts it.
    var databaseURL: String
    /// `DOCKGATE_MASTER_KEY`: base64 of the 32-byte key that seals API keys in the database (docs/security.md).
    var masterKey: String
    var host: String = "127.0.0.1"
    var port: Int = 8080
    /// Connections the API may hold open; each concurrent request that touches the database borrows one.
    var databasePoolSize: Int = 10
    var logging = LoggingConfiguration()
    /// How long events, finished commands and answered requests are kept.
    var retention = RetentionConfiguration()
    /// `DOCKGATE_NOTIFICATIONS`: LISTEN/NOTIFY hints for commands, or periodic re-reads only.
    var notifications = NotificationSetting.on
}
