extension Migrations {
    /// Which docks have a broker account made by `dji-bridge dock-accounts`, and which aircraft SNs the bridge
    /// added to each dock's role. The password is not here: the broker keeps a salted hash, dockgate nothing.
    static let dockBrokerAccounts = Migration(
        "0008_dock_broker_accounts",
        [
            """
            CREATE TABLE dock_broker_accounts (
                sn text PRIMARY KEY CHECK (sn <> ''),
                role_name text NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now(),
                password_set_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            """
            COMMENT ON TABLE dock_broker_accounts IS \
            'Docks with a broker account (user name = SN) in the dynamic security plugin; no passwords are stored.'
            """,
            """
            CREATE TABLE dock_broker_grants (
                dock_sn text NOT NULL REFERENCES dock_broker_accounts (sn) ON DELETE CASCADE,
                sn text NOT NULL CHECK (sn <> ''),
                granted_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (dock_sn, sn)
            )
            """,
            """
            COMMENT ON TABLE dock_broker_grants IS \
            'Sub-devices (aircraft) whose thing/product/{sn}/# topics the bridge added to the dock''s broker role.'
            """,
        ]
    )
}
