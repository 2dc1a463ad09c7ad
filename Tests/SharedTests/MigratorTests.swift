import Logging
import TestSupport
import Testing

@testable import Shared

@Suite struct MigratorTests {
    let logger = Logger(label: "test")

    @Test func migratingTwiceAppliesEverythingOnceThenNothing() async throws {
        let database = try await TestDatabase.create()
        try await database.withConnection { connection in
            #expect(try await Migrator().status(on: connection).pending == Migrations.all.map(\.name))
            let first = try await Migrator().migrate(on: connection, logger: logger)
            #expect(first == Migrations.all.map(\.name))
            let second = try await Migrator().migrate(on: connection, logger: logger)
            #expect(second.isEmpty)
            #expect(try await Migrator().status(on: connection).isCurrent)
            let recorded = try await connection.query("SELECT count(*)::int8 AS n FROM schema_migrations")
            #expect(try recorded.first?.decode(Int.self, column: "n") == Migrations.all.count)
        }
        try await database.drop()
    }

    @Test func aFailingMigrationLeavesNothingBehind() async throws {
        let database = try await TestDatabase.create()
        let broken = Migrator(migrations: [
            Migration("0001_good", ["CREATE TABLE good (id int)"]),
            Migration("0002_bad", ["CREATE TABLE bad (id int REFERENCES missing (id))"]),
        ])
        try await database.withConnection { connection in
            let error = await #expect(throws: PostgresError.self) {
                try await broken.migrate(on: connection, logger: logger)
            }
            #expect(error?.sqlState == "42P01")
            let good = try await connection.query("SELECT to_regclass('good') IS NULL AS absent")
            #expect(try good.first?.decode(Bool.self, column: "absent") == true)
            #expect(try await broken.status(on: connection).pending == ["0001_good", "0002_bad"])
        }
        try await database.drop()
    }

    @Test func reportsMigrationsFromANewerBuildAndEditedOnes() async throws {
        let database = try await TestDatabase.create()
        let newer = Migrator(migrations: [
            Migration("0001_a", ["CREATE TABLE a (id int)"]), Migration("0002_b", ["CREATE TABLE b (id int)"]),
        ])
        let older = Migrator(migrations: [Migration("0001_a", ["CREATE TABLE a (id int)"])])
        let edited = Migrator(migrations: [
            Migration("0001_a", ["CREATE TABLE a (id bigint)"]), Migration("0002_b", ["CREATE TABLE b (id int)"]),
        ])
        try await database.withConnection { connection in
            try await newer.migrate(on: connection, logger: logger)
            let olderStatus = try await older.status(on: connection)
            #expect(olderStatus.unknown == ["0002_b"])
            #expect(!olderStatus.isCurrent)
            await #expect(throws: MigrationError.self) { try await older.migrate(on: connection, logger: logger) }
            let editedStatus = try await edited.status(on: connection)
            #expect(editedStatus.edited == ["0001_a"])
            #expect(editedStatus.explanation.contains("must never be edited"))
        }
        try await database.drop()
    }

    @Test func concurrentMigrationsApplyEachMigrationOnce() async throws {
        let database = try await TestDatabase.create()
        let logger = self.logger
        let applied = try await withThrowingTaskGroup(of: [String].self) { group in
            for _ in 0..<4 {
                group.addTask {
                    try await database.withConnection { try await Migrator().migrate(on: $0, logger: logger) }
                }
            }
            return try await group.reduce(into: [String]()) { $0 += $1 }
        }
        #expect(applied == Migrations.all.map(\.name))
        try await database.drop()
    }
}
