/// Why a `services_reply` did not complete a command and was kept in `downlink_replies_unmatched` for operators.
/// The raw values are what the table's `reason` column holds.
public enum UnmatchedReplyReason: String, Sendable, Hashable, CaseIterable, Codable {
    /// No command has the reply's `tid` (or the reply has none): another cloud's command, or a device that
    /// invented or garbled it.
    case unknownTID = "unknown_tid"
    /// The command had already been completed by a reply: the device (or the broker, QoS 1 redelivery) sent it
    /// again.
    case duplicate
    /// The reply came at or after the command's deadline; the command is (or has just been made) `TIMED_OUT`.
    case late
    /// The command had already ended without a reply (its publish failed for good).
    case afterTerminal = "after_terminal"
    /// The reply's `method` is not the command's; the command became `UNMATCHED_RESPONSE`.
    case methodMismatch = "method_mismatch"
    /// The reply came from another gateway than the one the command was published to; the command became
    /// `UNMATCHED_RESPONSE`.
    case gatewayMismatch = "gateway_mismatch"
    /// The message has no usable `data` object: nothing can be read from it.
    case unreadable
}
