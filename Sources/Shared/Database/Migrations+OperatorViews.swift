extension Migrations {
    /// Views for the questions operators ask in `psql` (docs/operations.md): which commands are stuck, what failed
    /// today, which devices are offline, which device requests wait for an answer. Each view reads only indexed
    /// or small sets (open commands, today's failures, pending requests) so it is cheap on a large database, and
    /// each has a comment that `\dv+ ops_*` shows. Durations are truncated to seconds for reading.
    static let operatorViews = Migration(
        "0006_operator_views",
        [
            """
            CREATE VIEW ops_stuck_commands AS
            SELECT c.id, c.status, c.method, c.device_sn, c.gateway_sn, t.name AS tenant,
                date_trunc('second', now() - c.accepted_at) AS age,
                date_trunc('second', now() - c.delivered_at) AS since_delivered,
                date_trunc('second', c.deadline_at - now()) AS deadline_in,
                c.publish_attempts,
                CASE
                    WHEN c.deadline_at <= now() THEN 'past its deadline: is a dji-bridge (deadline sweeper) running?'
                    WHEN c.status = 'DELIVERED' THEN 'delivered: waiting for the device''s services_reply'
                    WHEN c.publish_attempted_at IS NOT NULL THEN
                        'publish attempted, outcome unknown: never published again, ends at its deadline'
                    WHEN NOT EXISTS (SELECT 1 FROM devices d WHERE d.sn = c.device_sn AND d.online) THEN
                        'device offline: published when it is back online'
                    WHEN NOT EXISTS (SELECT 1 FROM devices g WHERE g.sn = c.gateway_sn AND g.online) THEN
                        'gateway offline: published when it is back online'
                    WHEN c.next_attempt_at > now() THEN 'waiting to retry the publish (next_attempt_at)'
                    ELSE 'due: waiting for a dji-bridge to publish it'
                END AS waiting_for
            FROM downlink_commands c JOIN tenants t ON t.id = c.tenant_id
            WHERE c.status IN ('ACCEPTED', 'DELIVERED')
            ORDER BY c.accepted_at
            """,
            """
            COMMENT ON VIEW ops_stuck_commands IS \
            'Open commands (ACCEPTED, DELIVERED), oldest first, with their age, time left to the deadline and \
            what each is waiting for. A row past its deadline means no deadline sweeper ran.'
            """,
            """
            CREATE VIEW ops_failures_today AS
            SELECT c.status, coalesce(c.response_code, '') AS response_code, c.method,
                count(*) AS commands, count(DISTINCT c.gateway_sn) AS gateways,
                min(c.completed_at) AS first_at, max(c.completed_at) AS last_at,
                (array_agg(c.response_message ORDER BY c.completed_at DESC))[1] AS last_message
            FROM downlink_commands c
            WHERE c.status IN ('FAILED', 'TIMED_OUT', 'UNMATCHED_RESPONSE')
              AND c.completed_at >= date_trunc('day', now())
            GROUP BY c.status, c.response_code, c.method
            ORDER BY count(*) DESC, c.status, c.method
            """,
            """
            COMMENT ON VIEW ops_failures_today IS \
            'Commands that ended FAILED, TIMED_OUT or UNMATCHED_RESPONSE since midnight (in the session''s \
            TimeZone), grouped by status, device result code and method, most frequent first.'
            """,
            """
            CREATE VIEW ops_devices_offline AS
            SELECT d.sn, d.gateway_sn, t.name AS tenant, d.model_key, d.callsign, d.last_seen_at,
                date_trunc('second', now() - d.last_seen_at) AS offline_for,
                (SELECT count(*) FROM downlink_commands c
                 WHERE c.device_sn = d.sn AND c.status = 'ACCEPTED') AS commands_waiting
            FROM devices d LEFT JOIN tenants t ON t.id = d.tenant_id
            WHERE NOT d.online
            ORDER BY d.gateway_sn IS NOT NULL, d.last_seen_at DESC NULLS LAST, d.sn
            """,
            """
            COMMENT ON VIEW ops_devices_offline IS \
            'Devices marked offline (gateways first, most recently seen first), with their tenant and the \
            ACCEPTED commands that wait for them to come back.'
            """,
            """
            CREATE VIEW ops_requests_pending AS
            SELECT r.request_id, r.reply_code, r.request_type, r.device_sn, t.name AS tenant,
                date_trunc('second', now() - r.received_at) AS age,
                date_trunc('second', r.expires_at - now()) AS expires_in,
                r.queued_by, r.publish_attempted_by,
                CASE
                    WHEN r.reply_code = 'PENDING' AND r.expires_at <= now() THEN
                        'expired: is a dji-bridge (request expiry sweeper) running?'
                    WHEN r.reply_code = 'PENDING' THEN 'waiting for an integrator''s reply'
                    WHEN r.publish_attempted_at IS NOT NULL THEN 'reply being published by a dji-bridge'
                    ELSE 'reply queued: waiting for a dji-bridge to publish it'
                END AS waiting_for
            FROM device_requests r LEFT JOIN tenants t ON t.id = r.tenant_id
            WHERE r.reply_code IN ('PENDING', 'QUEUED')
            ORDER BY r.received_at
            """,
            """
            COMMENT ON VIEW ops_requests_pending IS \
            'Device requests still without a published answer: PENDING (waiting for an integrator) or QUEUED \
            (answered, waiting for a bridge to publish), oldest first.'
            """,
        ]
    )
}
