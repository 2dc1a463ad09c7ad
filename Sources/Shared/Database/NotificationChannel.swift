import Foundation

/// The LISTEN/NOTIFY channels of dockgate. A notification is a hint, never data: its payload is the id of a row
/// the listener then reads, and a listener that missed notifications (it was reconnecting) finds the same rows by
/// scanning its table. Both processes name channels only through this type.
public enum NotificationChannel: String, Sendable, CaseIterable {
    /// open-api → dji-bridge: a command was accepted. Payload: the command id. Sent right after the insert commits,
    /// never inside its transaction (a NOTIFY takes PostgreSQL's global notify lock at commit and serialises
    /// committing transactions).
    case downlinkCommands = "downlink_commands"
    /// dji-bridge → open-api: a command became `DELIVERED` or terminal, or its progress changed. Payload: the
    /// command id. The long poll of `GET /downlink/commands/{id}` waits on it.
    case downlinkCommandStatus = "downlink_command_status"
    /// dji-bridge → open-api: device events were stored (a batch, or online/offline changes). Payload: a word
    /// saying what (`batch`, `offline`); the events long poll re-reads the feed after its cursor.
    case deviceEvents = "device_events"
    /// open-api → dji-bridge: an integrator replied to a device request (reply_code QUEUED). Payload: the
    /// request id. The bridge's reply publisher listens, and scans every second besides.
    case deviceRequestReplies = "device_request_replies"

    /// The payload naming a row by its id: the lowercase UUID.
    public static func payload(_ id: UUID) -> String {
        id.uuidString.lowercased()
    }
}

/// SQL of notifications.
public enum NotificationQueries {
    /// One notification per id on `channel`, in one statement. Run it on its own, after the change it announces
    /// has committed.
    public static func notify(_ channel: NotificationChannel, ids: [UUID]) -> PostgresQuery {
        let payloads = ids.map(NotificationChannel.payload).joined(separator: ",")
        return "SELECT pg_notify(\(channel.rawValue), id) FROM unnest(string_to_array(\(payloads), ',')) AS id"
    }
}

extension NotificationQueries {
    /// One notification with a fixed payload, for feeds whose readers re-read after their cursor.
    public static func notify(_ channel: NotificationChannel, payload: String) -> PostgresQuery {
        "SELECT pg_notify(\(channel.rawValue), \(payload))"
    }
}
