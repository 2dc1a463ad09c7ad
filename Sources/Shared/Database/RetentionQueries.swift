import Foundation

/// SQL of the retention pass: each statement deletes at most `limit` of the oldest rows past `cutoff` and
/// returns how many it deleted, so a pass runs many short statements and never holds locks on a large set.
///
/// `FOR UPDATE SKIP LOCKED` lets two API processes prune at once without waiting for each other, and leaves
/// alone a row a bridge is updating at that moment (it is deleted by a later batch).
public enum RetentionQueries {
    /// Device events received before `cutoff`.
    public static func deleteEvents(before cutoff: Date, limit: Int) -> PostgresQuery {
        """
        WITH batch AS (
            SELECT id FROM device_events WHERE received_at < \(cutoff)
            ORDER BY received_at LIMIT \(limit) FOR UPDATE SKIP LOCKED
        )
        DELETE FROM device_events e USING batch WHERE e.id = batch.id
        """
    }

    /// Commands that reached a terminal status before `cutoff`; open commands are never touched. The unmatched
    /// replies that point at a deleted command go with it in the same statement, because
    /// `downlink_replies_unmatched.command_id` references the command (the foreign key is checked at the end of
    /// the statement, when both deletes are done).
    public static func deleteCommands(completedBefore cutoff: Date, limit: Int) -> PostgresQuery {
        """
        WITH batch AS (
            SELECT id FROM downlink_commands WHERE completed_at < \(cutoff)
            ORDER BY completed_at LIMIT \(limit) FOR UPDATE SKIP LOCKED
        ), replies AS (
            DELETE FROM downlink_replies_unmatched r USING batch WHERE r.command_id = batch.id
        )
        DELETE FROM downlink_commands c USING batch WHERE c.id = batch.id
        """
    }

    /// `services_reply` messages that matched no command, received before `cutoff`.
    public static func deleteUnmatchedReplies(before cutoff: Date, limit: Int) -> PostgresQuery {
        """
        WITH batch AS (
            SELECT id FROM downlink_replies_unmatched WHERE received_at < \(cutoff)
            ORDER BY received_at LIMIT \(limit) FOR UPDATE SKIP LOCKED
        )
        DELETE FROM downlink_replies_unmatched r USING batch WHERE r.id = batch.id
        """
    }

    /// Device requests received before `cutoff` that have their final answer; a request that is still `PENDING`
    /// or `QUEUED` stays whatever its age, so no reply is ever lost to retention.
    public static func deleteRequests(before cutoff: Date, limit: Int) -> PostgresQuery {
        """
        WITH batch AS (
            SELECT request_id FROM device_requests
            WHERE received_at < \(cutoff) AND reply_code NOT IN ('PENDING', 'QUEUED')
            ORDER BY received_at LIMIT \(limit) FOR UPDATE SKIP LOCKED
        )
        DELETE FROM device_requests r USING batch WHERE r.request_id = batch.request_id
        """
    }
}
