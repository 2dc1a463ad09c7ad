extension Migrations {
    /// Indexes the retention pass (open-api's `RetentionService`) deletes by, so each batch reads exactly the
    /// oldest rows instead of scanning a table that only ever grows. Both keys only grow, so new entries land at
    /// the right edge of the index and cost the writers little.
    static let retentionIndexes = Migration(
        "0007_retention_indexes",
        [
            "CREATE INDEX device_events_received_idx ON device_events (received_at)",
            """
            CREATE INDEX downlink_commands_completed_idx ON downlink_commands (completed_at)
            WHERE completed_at IS NOT NULL
            """,
            "CREATE INDEX device_requests_received_idx ON device_requests (received_at)",
        ]
    )
}
