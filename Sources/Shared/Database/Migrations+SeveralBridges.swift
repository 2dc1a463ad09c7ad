extension Migrations {
    /// What several bridges sharing the uplink need: a repeat of an event may reach a bridge other than the one
    /// that stored the first copy, so `IngestQueries.insertEvents` looks the `tid` up before storing; this index
    /// keeps that look-up one probe however many events a device has sent.
    static let severalBridges = Migration(
        "0009_several_bridges",
        [
            "CREATE INDEX device_events_tid_idx ON device_events (tid) WHERE tid IS NOT NULL"
        ]
    )
}
