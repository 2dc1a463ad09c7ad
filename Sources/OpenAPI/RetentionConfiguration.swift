/// How long the platform keeps history, read from `RETENTION_*` (docs/configuration.md). A retention of 0 days
/// keeps that history forever. Open commands, pending device requests, devices, tenants and credentials are
/// never deleted by retention; nonces have their own 15-minute pruning (`NoncePruningService`).
struct RetentionConfiguration: Sendable, Hashable {
    /// `device_events`, by `received_at`.
    var eventsDays: Int = 30
    /// Terminal `downlink_commands`, by `completed_at`.
    var commandsDays: Int = 90
    /// `downlink_replies_unmatched`, by `received_at`.
    var unmatchedRepliesDays: Int = 30
    /// Answered, expired or failed `device_requests`, by `received_at`.
    var requestsDays: Int = 90
    /// Time between two passes; the first pass runs one interval after start-up.
    var interval: Duration = .seconds(3600)
    /// Rows one statement deletes at most: small enough that a batch holds its row locks for milliseconds.
    var batchSize: Int = 1000
}
