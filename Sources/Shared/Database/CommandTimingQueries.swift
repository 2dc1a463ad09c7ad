import Foundation

/// How long commands spent between their status changes, by the database's own timestamps: what
/// `dockgate-bench commands` reports as ACCEPTED→DELIVERED and ACCEPTED→terminal, free of any client's clock.
public enum CommandTimingQueries {
    /// Percentiles (50, 95, 99) and maximum, in milliseconds, of `delivered_at - accepted_at` and
    /// `completed_at - accepted_at` over the commands `apiID` created from `since` on.
    public static func latencies(apiID: String, since: Date) -> PostgresQuery {
        """
        WITH timed AS (
            SELECT extract(epoch FROM delivered_at - accepted_at)::float8 * 1000 AS delivered_ms,
                   extract(epoch FROM completed_at - accepted_at)::float8 * 1000 AS completed_ms
            FROM downlink_commands
            WHERE api_id = \(apiID) AND accepted_at >= \(since)
        )
        SELECT count(delivered_ms)::bigint AS delivered,
               coalesce(percentile_disc(0.50) WITHIN GROUP (ORDER BY delivered_ms), 'NaN') AS delivered_p50,
               coalesce(percentile_disc(0.95) WITHIN GROUP (ORDER BY delivered_ms), 'NaN') AS delivered_p95,
               coalesce(percentile_disc(0.99) WITHIN GROUP (ORDER BY delivered_ms), 'NaN') AS delivered_p99,
               coalesce(max(delivered_ms), 'NaN') AS delivered_max,
               count(completed_ms)::bigint AS completed,
               coalesce(percentile_disc(0.50) WITHIN GROUP (ORDER BY completed_ms), 'NaN') AS completed_p50,
               coalesce(percentile_disc(0.95) WITHIN GROUP (ORDER BY completed_ms), 'NaN') AS completed_p95,
               coalesce(percentile_disc(0.99) WITHIN GROUP (ORDER BY completed_ms), 'NaN') AS completed_p99,
               coalesce(max(completed_ms), 'NaN') AS completed_max
        FROM timed
        """
    }
}
