import Foundation

/// SQL of `downlink_commands` for the bridge's dispatcher and deadline sweeper.
public enum DownlinkDispatchQueries {
    /// Claims up to `limit` commands that are due: `ACCEPTED`, never (or no longer) attempted, past their retry
    /// time, before their deadline, and for a device that is online behind an online gateway. Records the attempt
    /// (`publish_attempted_at`) in the same statement, which commits before anything is published: a command is
    /// published at most once even if the bridge dies right after.
    ///
    /// `FOR UPDATE SKIP LOCKED` lets two bridges claim at once without waiting for each other or claiming the same
    /// row; a row another bridge claimed and committed meanwhile fails the re-checked condition and is left out.
    public static func claimDue(limit: Int) -> PostgresQuery {
        """
        WITH due AS (
            SELECT c.id FROM downlink_commands c
            WHERE c.status = 'ACCEPTED' AND c.publish_attempted_at IS NULL
              AND c.next_attempt_at <= now() AND c.deadline_at > now()
              AND EXISTS (SELECT 1 FROM devices d WHERE d.sn = c.device_sn AND d.online)
              AND EXISTS (SELECT 1 FROM devices g WHERE g.sn = c.gateway_sn AND g.online)
            ORDER BY c.next_attempt_at, c.seq
            LIMIT \(limit)
            FOR UPDATE OF c SKIP LOCKED
        )
        UPDATE downlink_commands c
        SET publish_attempted_at = now(), publish_attempts = c.publish_attempts + 1, updated_at = now()
        FROM due WHERE c.id = due.id
        RETURNING c.id, c.tid, c.bid, c.method, c.payload, c.gateway_sn, c.deadline_at, now() AS now
        """
    }

    /// The broker acknowledged these commands: `ACCEPTED` ones become `DELIVERED`. A command a reply or the
    /// sweeper ended meanwhile is left as it is. Returns the ids changed.
    public static func markDelivered(ids: [UUID]) -> PostgresQuery {
        """
        UPDATE downlink_commands SET status = 'DELIVERED', delivered_at = now(), updated_at = now()
        WHERE id = ANY (string_to_array(\(ids.map(NotificationChannel.payload).joined(separator: ",")), ',')::uuid[])
          AND status = 'ACCEPTED'
        RETURNING id
        """
    }

    /// Nothing reached the device: forget the attempt and publish again after `delay`.
    public static func retry(id: UUID, after delay: Duration) -> PostgresQuery {
        let seconds = Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18
        return """
            UPDATE downlink_commands
            SET publish_attempted_at = NULL, next_attempt_at = now() + make_interval(secs => \(seconds)),
                updated_at = now()
            WHERE id = \(id) AND status = 'ACCEPTED'
            """
    }

    /// Ends an open command without a reply (a publish that failed for good). Returns the id when it changed.
    public static func fail(id: UUID, outcome: CommandOutcome) -> PostgresQuery {
        """
        UPDATE downlink_commands
        SET status = \(outcome.status), completed_at = now(), response_message = \(outcome.responseMessage),
            updated_at = now()
        WHERE id = \(id) AND status IN ('ACCEPTED', 'DELIVERED')
        RETURNING id
        """
    }

    /// Times out every open command whose deadline has passed, with a `response_message` saying how far it got
    /// (`DeliveryReach`). Rows a reply is being correlated on right now are skipped (`SKIP LOCKED`): the
    /// correlator sees the passed deadline itself. Two bridges sweeping at once never wait on each other.
    /// Returns the ids timed out.
    public static func timeOutExpired() -> PostgresQuery {
        """
        WITH expired AS (
            SELECT id FROM downlink_commands
            WHERE status IN ('ACCEPTED', 'DELIVERED') AND deadline_at <= now()
            FOR UPDATE SKIP LOCKED
        )
        UPDATE downlink_commands c
        SET status = 'TIMED_OUT', completed_at = now(), updated_at = now(),
            response_message = CASE
                WHEN c.delivered_at IS NOT NULL THEN \(DeliveryReach.delivered.timeoutMessage)
                WHEN c.publish_attempted_at IS NOT NULL THEN \(DeliveryReach.unconfirmed.timeoutMessage)
                ELSE \(DeliveryReach.neverPublished.timeoutMessage)
            END
        FROM expired WHERE c.id = expired.id
        RETURNING c.id
        """
    }
}

/// A command the dispatcher claimed and must publish now.
public struct ClaimedCommand: Sendable, Hashable {
    public var id: UUID
    public var tid: UUID
    public var bid: UUID
    public var method: String
    public var payload: JSONValue
    public var gatewaySN: String
    public var deadline: Date
    /// The database's clock when it was claimed, for the message expiry.
    public var claimedAt: Date

    public init(row: PostgresRow) throws {
        id = try row.decode(UUID.self, column: "id")
        tid = try row.decode(UUID.self, column: "tid")
        bid = try row.decode(UUID.self, column: "bid")
        method = try row.decode(String.self, column: "method")
        payload = try row.decode(JSONValue.self, column: "payload")
        gatewaySN = try row.decode(String.self, column: "gateway_sn")
        deadline = try row.decode(Date.self, column: "deadline_at")
        claimedAt = try row.decode(Date.self, column: "now")
    }

    /// The state the life cycle starts from after a claim: accepted, attempt recorded.
    public var lifecycle: CommandLifecycle {
        CommandLifecycle(
            CommandLifecycle.Command(
                status: .accepted, method: method, gatewaySN: gatewaySN, deadline: deadline, delivered: false,
                publishAttempted: true, completedByReply: false))
    }

    /// The `data` to publish: the catalog's wire form of the payload (`{}` for an absent one), or the payload as
    /// stored for a method a later catalog no longer lists.
    public var wireData: JSONValue {
        CommandCatalog.entry(method)?.wireData(for: payload) ?? payload
    }
}
