extension Migrations {
    /// Device requests (API.md §4) and dock binding: every request a device sent with the answer it got,
    /// binding codes, per-tenant routing overrides, and the call-sign a dock gives each device when it binds.
    static let deviceRequests = Migration(
        "0005_device_requests",
        [
            """
            CREATE TABLE device_requests (
                request_id uuid PRIMARY KEY,
                vendor text NOT NULL DEFAULT 'dji' CHECK (vendor IN ('dji')),
                device_sn text NOT NULL CHECK (device_sn <> ''),
                gateway_sn text,
                tenant_id uuid REFERENCES tenants (id),
                request_type text NOT NULL,
                tid text,
                bid text,
                inbound_payload jsonb NOT NULL,
                routing_decision text NOT NULL CHECK (routing_decision IN ('auto_reply', 'manual_reply_required')),
                reply_source text NOT NULL CHECK (reply_source IN ('auto', 'manual')),
                reply_code text NOT NULL
                    CHECK (reply_code IN ('PENDING', 'QUEUED', 'SENT', 'AUTO_REPLIED', 'EXPIRED', 'FAILED')),
                reply_message text,
                reply_note text,
                queued_reply_data jsonb,
                queued_at timestamptz,
                queued_by text,
                publish_attempted_at timestamptz,
                publish_attempted_by text,
                standardized_reply jsonb NOT NULL DEFAULT '{}',
                received_at timestamptz NOT NULL,
                expires_at timestamptz,
                replied_at timestamptz,
                updated_at timestamptz NOT NULL DEFAULT now(),
                CHECK (reply_code NOT IN ('QUEUED', 'SENT') OR queued_reply_data IS NOT NULL),
                CHECK (reply_code <> 'PENDING' OR expires_at IS NOT NULL)
            )
            """,
            """
            COMMENT ON TABLE device_requests IS \
            'Every request a device sent (thing/product/{sn}/requests, and update_topo), with the answer it got. \
            Written by dji-bridge; open-api queues integrators'' replies (reply_code QUEUED) for the bridge to publish.'
            """,
            """
            COMMENT ON COLUMN device_requests.device_sn IS \
            'The SN of the topic the request came on; the reply goes to thing/product/{device_sn}/requests_reply.'
            """,
            """
            COMMENT ON COLUMN device_requests.tenant_id IS \
            'The device''s tenant when the request was stored; NULL for unbound devices (operators only).'
            """,
            """
            COMMENT ON COLUMN device_requests.standardized_reply IS \
            'The reply message exactly as published (tid, bid, method, timestamp, gateway, data); {} until then.'
            """,
            """
            COMMENT ON COLUMN device_requests.queued_reply_data IS \
            'The data an integrator gave through POST .../reply, published by the bridge as the reply''s data.'
            """,
            """
            COMMENT ON COLUMN device_requests.publish_attempted_at IS \
            'Set (with publish_attempted_by, the bridge''s MQTT client id) before the bridge publishes a queued reply, \
            so a reply is never published twice across a crash.'
            """,
            """
            COMMENT ON COLUMN device_requests.reply_note IS 'The optional reply_message an integrator gave with a reply.'
            """,
            "CREATE INDEX device_requests_tenant_idx ON device_requests (tenant_id, received_at DESC, request_id DESC)",
            "CREATE INDEX device_requests_queued_idx ON device_requests (queued_at) WHERE reply_code = 'QUEUED'",
            "CREATE INDEX device_requests_pending_idx ON device_requests (expires_at) WHERE reply_code = 'PENDING'",
            "CREATE INDEX device_requests_device_idx ON device_requests (device_sn, received_at DESC)",
            """
            CREATE TABLE binding_codes (
                code text PRIMARY KEY CHECK (code ~ '^[A-Z0-9]{6,32}$'),
                tenant_id uuid NOT NULL REFERENCES tenants (id),
                created_at timestamptz NOT NULL DEFAULT now(),
                created_by text NOT NULL,
                expires_at timestamptz NOT NULL,
                used_at timestamptz,
                used_by text
            )
            """,
            """
            COMMENT ON TABLE binding_codes IS \
            'Codes a tenant hands to the person installing a dock: typed into DJI Pilot 2 with the tenant''s \
            dji_organization_id, they bind the dock and its aircraft to the tenant. Reusable until expires_at; \
            used_at/used_by record the last dock that bound with the code.'
            """,
            "COMMENT ON COLUMN binding_codes.created_by IS 'The api_id that created the code, or operator.'",
            "CREATE INDEX binding_codes_tenant_idx ON binding_codes (tenant_id, expires_at)",
            """
            CREATE TABLE request_routing_policies (
                tenant_id uuid NOT NULL REFERENCES tenants (id),
                request_type text NOT NULL CHECK (request_type <> ''),
                decision text NOT NULL CHECK (decision IN ('auto_reply', 'manual_reply_required')),
                updated_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (tenant_id, request_type)
            )
            """,
            """
            COMMENT ON TABLE request_routing_policies IS \
            'A tenant''s override of who answers a request method; without a row the platform default applies \
            (docs/operations.md). auto_reply only takes effect for methods the platform can answer.'
            """,
            "ALTER TABLE devices ADD COLUMN callsign text",
            """
            COMMENT ON COLUMN devices.callsign IS \
            'The device_callsign the installer gave when the dock bound (airport_organization_bind).'
            """,
        ]
    )
}
