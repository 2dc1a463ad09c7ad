/// Every migration dockgate ships, in the order they apply. Append only: a migration that has shipped is
/// never edited or removed (the checksum in `schema_migrations` catches an edit).
public enum Migrations {
    public static let all: [Migration] = [
        tenantsAndAPIClients,
        devices,
        deviceEvents,
        downlinkCommands,
        deviceRequests,
        operatorViews,
        retentionIndexes,
        dockBrokerAccounts,
        severalBridges,
    ]

    /// Tenants, their API clients and the nonces those clients used (API.md §1).
    static let tenantsAndAPIClients = Migration(
        "0001_tenants_and_api_clients",
        [
            """
            CREATE TABLE tenants (
                id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
                name text NOT NULL UNIQUE CHECK (name <> ''),
                dji_organization_id text NOT NULL UNIQUE CHECK (dji_organization_id <> ''),
                dji_organization_name text NOT NULL CHECK (dji_organization_name <> ''),
                created_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            "COMMENT ON TABLE tenants IS 'Integrators; every API client, bound device, command and request belongs to one.'",
            """
            CREATE TABLE api_clients (
                api_id text PRIMARY KEY,
                tenant_id uuid NOT NULL REFERENCES tenants (id),
                sealed_key bytea NOT NULL,
                scopes text[] NOT NULL,
                description text NOT NULL DEFAULT '',
                created_at timestamptz NOT NULL DEFAULT now(),
                revoked_at timestamptz
            )
            """,
            """
            COMMENT ON COLUMN api_clients.sealed_key IS \
            'The API key encrypted with DOCKGATE_MASTER_KEY (AES-GCM, api_id as associated data); useless without it.'
            """,
            "CREATE INDEX api_clients_tenant_idx ON api_clients (tenant_id)",
            """
            CREATE TABLE api_nonces (
                api_id text NOT NULL REFERENCES api_clients (api_id),
                nonce text NOT NULL,
                seen_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (api_id, nonce)
            )
            """,
            "COMMENT ON TABLE api_nonces IS 'Nonces of signed requests, kept 900 s to reject replays (API.md §1).'",
            "CREATE INDEX api_nonces_seen_at_idx ON api_nonces (seen_at)",
        ]
    )

    /// The device registry: gateways (docks, RCs) and the aircraft behind them, the tenant each belongs to, and
    /// the latest merged telemetry of each.
    static let devices = Migration(
        "0002_devices",
        [
            """
            CREATE TABLE devices (
                sn text PRIMARY KEY CHECK (sn <> ''),
                gateway_sn text,
                tenant_id uuid REFERENCES tenants (id),
                domain int,
                type int,
                sub_type int,
                model_key text GENERATED ALWAYS AS (domain::text || '-' || type::text || '-' || sub_type::text) STORED,
                sub_device_index text,
                thing_version text,
                firmware_version text,
                online boolean NOT NULL DEFAULT false,
                first_seen_at timestamptz,
                last_seen_at timestamptz,
                created_at timestamptz NOT NULL DEFAULT now(),
                updated_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            """
            COMMENT ON TABLE devices IS \
            'Gateways (gateway_sn NULL) and their sub-devices; tenant_id NULL until bound or assigned by an operator.'
            """,
            "CREATE INDEX devices_gateway_idx ON devices (gateway_sn)",
            "CREATE INDEX devices_tenant_idx ON devices (tenant_id, sn)",
            """
            CREATE TABLE device_telemetry (
                sn text PRIMARY KEY REFERENCES devices (sn) ON DELETE CASCADE,
                osd jsonb NOT NULL DEFAULT '{}',
                osd_updated_at timestamptz,
                state jsonb NOT NULL DEFAULT '{}',
                state_updated_at timestamptz
            )
            """,
            """
            COMMENT ON TABLE device_telemetry IS \
            'Latest osd and state of each device, merged key by key from the partial messages devices send.'
            """,
        ]
    )
}
