import Foundation

/// SQL of the bridge's reply correlation and progress tracking.
public enum DownlinkReplyQueries {
    /// The command with this `tid`, locked until the transaction ends, with the database's clock.
    public static func lock(tid: UUID) -> PostgresQuery {
        """
        SELECT id, status, method, gateway_sn, deadline_at, delivered_at IS NOT NULL AS delivered,
               publish_attempted_at IS NOT NULL AS publish_attempted,
               vendor_response IS NOT NULL AS completed_by_reply, now() AS now
        FROM downlink_commands WHERE tid = \(tid)
        FOR UPDATE
        """
    }

    /// Stores how an open command ended. `provesDelivery`: the device answered, so `delivered_at` is set if the
    /// PUBACK was never recorded. Returns the id when it changed; a terminal command is never changed.
    public static func complete(id: UUID, outcome: CommandOutcome, provesDelivery: Bool) -> PostgresQuery {
        """
        UPDATE downlink_commands
        SET status = \(outcome.status), completed_at = now(), response_code = \(outcome.responseCode),
            response_message = \(outcome.responseMessage), vendor_response = \(outcome.vendorResponse),
            delivered_at = CASE WHEN \(provesDelivery) THEN coalesce(delivered_at, now()) ELSE delivered_at END,
            updated_at = now()
        WHERE id = \(id) AND status IN ('ACCEPTED', 'DELIVERED')
        RETURNING id
        """
    }

    /// Keeps a reply that completed no command, for operators.
    public static func keepUnmatched(
        reason: UnmatchedReplyReason, gatewaySN: String, method: String?, tid: String?, bid: String?,
        commandID: UUID?, message: JSONValue
    ) -> PostgresQuery {
        """
        INSERT INTO downlink_replies_unmatched (reason, gateway_sn, method, tid, bid, command_id, message)
        VALUES (\(reason.rawValue), \(gatewaySN), \(method), \(tid), \(bid), \(commandID), \(message))
        """
    }

    /// Stores a progress event on the commands it belongs to: commands of `route`'s methods on this gateway (or
    /// for this device) whose `bid` — or, for a route with a match field, whose payload field — equals the
    /// event's `bid`. An event older than the one stored (by its `timestamp`) is ignored, so a redelivered or
    /// reordered event never moves progress backwards. Any status: progress is the one thing that still changes
    /// after a terminal status. Returns the ids changed.
    public static func recordProgress(
        route: ProgressRoute, sn: String, bid: String, progress: JSONValue, eventTimestamp: Int64?
    ) -> PostgresQuery {
        let methods = route.commandMethods.joined(separator: ",")
        // Commands' bids are UUIDs, so a bid that is not one matches no command by bid. libpq's unnamed statements
        // are planned with their parameters, so the branch that cannot match folds away and the bid index is used.
        let commandBID = route.matchField == nil ? UUID(uuidString: bid) : nil
        return """
            UPDATE downlink_commands
            SET progress = \(progress), progress_event_timestamp = \(eventTimestamp), updated_at = now()
            WHERE ((\(route.matchField)::text IS NULL AND bid = \(commandBID)::uuid)
                   OR (\(route.matchField)::text IS NOT NULL AND payload ->> \(route.matchField)::text = \(bid)))
              AND method = ANY (string_to_array(\(methods), ','))
              AND (gateway_sn = \(sn) OR device_sn = \(sn))
              AND (\(eventTimestamp)::bigint IS NULL OR progress_event_timestamp IS NULL
                   OR progress_event_timestamp <= \(eventTimestamp)::bigint)
            RETURNING id
            """
    }
}

/// A command locked for correlating a reply (`DownlinkReplyQueries.lock(tid:)`).
public struct LockedCommand: Sendable, Hashable {
    public var id: UUID
    public var command: CommandLifecycle.Command
    /// The database's clock in the locking transaction: the clock the deadline sweeper reads too.
    public var now: Date

    public init(row: PostgresRow) throws {
        id = try row.decode(UUID.self, column: "id")
        command = CommandLifecycle.Command(
            status: try row.decode(CommandStatus.self, column: "status"),
            method: try row.decode(String.self, column: "method"),
            gatewaySN: try row.decode(String.self, column: "gateway_sn"),
            deadline: try row.decode(Date.self, column: "deadline_at"),
            delivered: try row.decode(Bool.self, column: "delivered"),
            publishAttempted: try row.decode(Bool.self, column: "publish_attempted"),
            completedByReply: try row.decode(Bool.self, column: "completed_by_reply"))
        now = try row.decode(Date.self, column: "now")
    }
}
