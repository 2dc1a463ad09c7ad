/// LISTEN/NOTIFY channels between the processes. Payloads carry ids only: the table is the truth, a
/// notification only says "look now" (a listener that missed one finds the same rows by scanning).
public enum NotificationChannel {
    /// Payload: the highest `device_events.id` of a batch the bridge stored. The API's events long poll
    /// listens.
    public static let deviceEvents = "dockgate_device_events"

    public static func notify(_ channel: String, payload: String) -> PostgresQuery {
        "SELECT pg_notify(\(channel), \(payload))"
    }
}
