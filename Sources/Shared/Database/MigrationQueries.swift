/// SQL of the migration ledger, `schema_migrations`.
enum MigrationQueries {
    /// Transaction-scoped, so it is released by COMMIT or ROLLBACK whatever happens to the process.
    /// The key is "dockgate" in ASCII.
    static func lock() -> PostgresQuery {
        "SELECT pg_advisory_xact_lock(\(Int64(0x646f_636b_6761_7465)))"
    }

    /// Runs inside `migrate` only, under the lock: the ledger is the one table that must exist before the
    /// migrations it records.
    static func createLedger() -> PostgresQuery {
        """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            name text PRIMARY KEY,
            checksum text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """
    }

    static func ledgerExists() -> PostgresQuery {
        "SELECT to_regclass('schema_migrations') IS NOT NULL AS exists"
    }

    static func applied() -> PostgresQuery {
        "SELECT name, checksum FROM schema_migrations ORDER BY name"
    }

    static func record(_ migration: Migration) -> PostgresQuery {
        "INSERT INTO schema_migrations (name, checksum) VALUES (\(migration.name), \(migration.checksum))"
    }
}
