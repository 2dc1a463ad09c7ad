import Logging

/// Applies and checks `Migrations.all`.
///
/// Only `open-api` migrates (`open-api migrate`, and at API start-up); `dji-bridge` only checks and refuses to
/// start on a schema that is not exactly the one it was built for.
public struct Migrator: Sendable {
    public var migrations: [Migration]

    public init(migrations: [Migration] = Migrations.all) {
        self.migrations = migrations
    }

    /// Applies every migration that is not recorded yet, all in one transaction under an advisory lock, so
    /// two API processes starting at once never both migrate and a failing migration leaves nothing behind.
    /// Returns the names it applied (empty when the schema was current).
    @discardableResult
    public func migrate(on connection: PostgresConnection, logger: Logger) async throws -> [String] {
        try await connection.transaction { connection in
            try await connection.query(MigrationQueries.lock())
            try await connection.query(MigrationQueries.createLedger())
            let applied = try await appliedMigrations(on: connection)
            let status = MigrationStatus(expected: migrations, applied: applied)
            guard status.unknown.isEmpty, status.edited.isEmpty else {
                throw MigrationError(status: status)
            }
            for migration in migrations where applied[migration.name] == nil {
                logger.info("applying migration", metadata: ["migration.name": "\(migration.name)"])
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement))
                }
                try await connection.query(MigrationQueries.record(migration))
            }
            return status.pending
        }
    }

    /// Compares the database with the migrations this build knows, without changing anything.
    public func status(on connection: PostgresConnection) async throws -> MigrationStatus {
        let ledgerExists =
            try await connection.query(MigrationQueries.ledgerExists())
            .first?.decode(Bool.self, column: "exists") ?? false
        let applied = ledgerExists ? try await appliedMigrations(on: connection) : [:]
        return MigrationStatus(expected: migrations, applied: applied)
    }

    private func appliedMigrations(on connection: PostgresConnection) async throws -> [String: String] {
        var applied: [String: String] = [:]
        for row in try await connection.query(MigrationQueries.applied()) {
            applied[try row.decode(String.self, column: "name")] = try row.decode(String.self, column: "checksum")
        }
        return applied
    }
}

/// How the database's recorded migrations compare with the ones this build ships.
public struct MigrationStatus: Sendable, Hashable {
    /// Shipped but not applied yet: `open-api migrate` applies them.
    public var pending: [String]
    /// Applied but unknown to this build: the database was migrated by a newer version.
    public var unknown: [String]
    /// Applied with different SQL than this build ships: a shipped migration was edited.
    public var edited: [String]

    public init(expected: [Migration], applied: [String: String]) {
        let known = Set(expected.map(\.name))
        pending = expected.filter { applied[$0.name] == nil }.map(\.name)
        unknown = applied.keys.filter { !known.contains($0) }.sorted()
        edited = expected.filter { migration in
            applied[migration.name].map { $0 != migration.checksum } ?? false
        }.map(\.name)
    }

    public var isCurrent: Bool { pending.isEmpty && unknown.isEmpty && edited.isEmpty }

    /// What an operator should read when the schema does not match.
    public var explanation: String {
        var parts: [String] = []
        if !pending.isEmpty {
            parts.append(
                "\(pending.count) migration(s) not applied (\(pending.joined(separator: ", "))): run `open-api migrate`"
            )
        }
        if !unknown.isEmpty {
            parts.append(
                "the database has migrations this build does not know (\(unknown.joined(separator: ", "))): it was migrated by a newer dockgate"
            )
        }
        if !edited.isEmpty {
            parts.append(
                "migrations changed after they were applied (\(edited.joined(separator: ", "))): shipped migrations must never be edited"
            )
        }
        return parts.isEmpty ? "schema is current" : parts.joined(separator: "; ")
    }
}

/// The schema does not match this build in a way migrating cannot fix.
public struct MigrationError: Error, CustomStringConvertible, Sendable {
    public var status: MigrationStatus
    public var description: String { "cannot migrate: \(status.explanation)" }
}
