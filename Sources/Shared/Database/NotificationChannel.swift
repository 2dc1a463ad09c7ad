/// LISTEN/NOTIFY channels between the processes. Payloads carry ids only: the table is the truth, a
/// notification only says "look now" (a listener that missed one finds the same rows by scanning).
public enum NotificationChannel {
    /// Payload: the highest `device_events.id` of a batch the bridge stored. The API's events long poll
    /// listens.
    public static let deviceEvents = "dockgate_device_events"

    /// Payload: the `device_requests.request_id` an integrator just replied to (reply_code QUEUED). The
    /// bridge's reply publisher listens.
    public static let deviceRequestReplies = "dockgate_device_request_replies"

    public static func notify(_ channel: String, payload: String) -> PostgresQuery {
        "SELECT pg_notify(\(channel), \(payload))"
    }
}
