extension Migrations {
    /// Downlink commands (API.md §3) and the replies that matched none of them.
    ///
    /// Columns an operator reads come first, so `SELECT * FROM downlink_commands` in psql starts with what
    /// matters; the bookkeeping of the dispatcher follows. Indexes are partial where a scan only looks at open
    /// commands, so they stay as small as the work in flight.
    static let downlinkCommands = Migration(
        "0004_downlink_commands",
        [
            """
            CREATE TABLE downlink_commands (
                id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
                status text NOT NULL DEFAULT 'ACCEPTED' CHECK (status IN (
                    'ACCEPTED', 'DELIVERED', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'UNMATCHED_RESPONSE')),
                method text NOT NULL CHECK (method <> ''),
                device_sn text NOT NULL,
                gateway_sn text NOT NULL,
                tenant_id uuid NOT NULL REFERENCES tenants (id),
                accepted_at timestamptz NOT NULL DEFAULT now(),
                deadline_at timestamptz NOT NULL,
                delivered_at timestamptz,
                completed_at timestamptz,
                response_code text,
                response_message text,
                vendor_response jsonb,
                progress jsonb,
                payload jsonb NOT NULL,
                vendor text NOT NULL DEFAULT 'dji' CHECK (vendor = 'dji'),
                api_id text NOT NULL REFERENCES api_clients (api_id),
                idempotency_key text NOT NULL CHECK (char_length(idempotency_key) BETWEEN 1 AND 128),
                request_hash text NOT NULL,
                tid uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
                bid uuid NOT NULL DEFAULT gen_random_uuid(),
                next_attempt_at timestamptz NOT NULL DEFAULT now(),
                publish_attempted_at timestamptz,
                publish_attempts integer NOT NULL DEFAULT 0,
                progress_event_timestamp bigint,
                seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
                updated_at timestamptz NOT NULL DEFAULT now(),
                UNIQUE (api_id, idempotency_key),
                CHECK ((completed_at IS NULL) = (status IN ('ACCEPTED', 'DELIVERED')))
            )
            """,
            """
            COMMENT ON TABLE downlink_commands IS \
            'DJI service calls integrators asked for (API.md §3), one row each, from acceptance to a terminal status.'
            """,
            """
            COMMENT ON COLUMN downlink_commands.status IS \
            'ACCEPTED, DELIVERED (broker PUBACK), then terminal: SUCCEEDED, FAILED, TIMED_OUT, UNMATCHED_RESPONSE.'
            """,
            "COMMENT ON COLUMN downlink_commands.method IS 'The DJI services method (the API''s command_type).'",
            "COMMENT ON COLUMN downlink_commands.device_sn IS 'The device the integrator named (device_id).'",
            """
            COMMENT ON COLUMN downlink_commands.gateway_sn IS \
            'The gateway it is published to: thing/product/{gateway_sn}/services; resolved when accepted.'
            """,
            """
            COMMENT ON COLUMN downlink_commands.deadline_at IS \
            'accepted_at + timeout_seconds; covers waiting for the device, publishing and the reply.'
            """,
            """
            COMMENT ON COLUMN downlink_commands.response_message IS \
            'The device''s message, or why the platform ended the command (timeout, mismatch, failed publish).'
            """,
            """
            COMMENT ON COLUMN downlink_commands.progress IS \
            'Latest progress event of a long-running method; the only column that changes after a terminal status.'
            """,
            """
            COMMENT ON COLUMN downlink_commands.request_hash IS \
            'SHA-256 of the canonical request body: the same idempotency_key with another body is a conflict.'
            """,
            """
            COMMENT ON COLUMN downlink_commands.tid IS \
            'DJI transaction id of the one publish; services_reply is matched to the command by it.'
            """,
            """
            COMMENT ON COLUMN downlink_commands.bid IS \
            'DJI business id; progress events of long-running methods carry it.'
            """,
            """
            COMMENT ON COLUMN downlink_commands.publish_attempted_at IS \
            'Set and committed before the publish; a set value without delivered_at means the outcome is unknown \
            and the command is never published again.'
            """,
            """
            COMMENT ON COLUMN downlink_commands.next_attempt_at IS \
            'Not published before this time: after the broker had no subscriber (MQTT 5 0x10) or was not connected.'
            """,
            """
            CREATE INDEX downlink_commands_dispatch_idx ON downlink_commands (next_attempt_at)
            WHERE status = 'ACCEPTED' AND publish_attempted_at IS NULL
            """,
            """
            CREATE INDEX downlink_commands_deadline_idx ON downlink_commands (deadline_at)
            WHERE status IN ('ACCEPTED', 'DELIVERED')
            """,
            "CREATE INDEX downlink_commands_tenant_idx ON downlink_commands (tenant_id, seq)",
            "CREATE INDEX downlink_commands_bid_idx ON downlink_commands (bid)",
            "CREATE INDEX downlink_commands_gateway_idx ON downlink_commands (gateway_sn, method)",
            """
            CREATE INDEX downlink_commands_failures_idx ON downlink_commands (completed_at)
            WHERE status IN ('FAILED', 'TIMED_OUT', 'UNMATCHED_RESPONSE')
            """,
            """
            CREATE TABLE downlink_replies_unmatched (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                received_at timestamptz NOT NULL DEFAULT now(),
                reason text NOT NULL CHECK (reason IN (
                    'unknown_tid', 'duplicate', 'late', 'after_terminal', 'method_mismatch', 'gateway_mismatch',
                    'unreadable')),
                gateway_sn text NOT NULL,
                method text,
                tid text,
                bid text,
                command_id uuid REFERENCES downlink_commands (id),
                message jsonb NOT NULL
            )
            """,
            """
            COMMENT ON TABLE downlink_replies_unmatched IS \
            'services_reply messages that completed no command: unknown tid, duplicates, late or after a terminal \
            status, method or gateway mismatch. Kept for operators; they never change a terminal command.'
            """,
            """
            COMMENT ON COLUMN downlink_replies_unmatched.gateway_sn IS \
            'The SN of the topic the reply came on (thing/product/{gateway_sn}/services_reply).'
            """,
            "COMMENT ON COLUMN downlink_replies_unmatched.message IS 'The whole MQTT message as received.'",
            "CREATE INDEX downlink_replies_unmatched_received_idx ON downlink_replies_unmatched (received_at)",
            """
            CREATE INDEX downlink_replies_unmatched_command_idx ON downlink_replies_unmatched (command_id)
            WHERE command_id IS NOT NULL
            """,
        ]
    )
}
