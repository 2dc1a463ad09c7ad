import Foundation
import Logging
import Shared

/// A database of its own for one test, created on the test server and dropped by `drop()`, so tests run in
/// parallel without seeing each other's rows.
public struct TestDatabase: Sendable {
    /// Connection string of the new database.
    public let url: String
    public let name: String
    private let serverURL: String

    /// Creates an empty database (no migrations applied).
    public static func create(logger: Logger = Logger(label: "test")) async throws -> TestDatabase {
        let serverURL = try TestServers.databaseURL
        let name = "dockgate_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let admin = try await PostgresConnection.connect(to: serverURL, logger: logger)
        do {
            try await admin.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
            await admin.close()
        } catch {
            await admin.close()
            throw error
        }
        return TestDatabase(
            url: DatabaseURL.replacingDatabase(in: serverURL, with: name), name: name, serverURL: serverURL)
    }

    /// Creates a database with every migration applied.
    public static func migrated(logger: Logger = Logger(label: "test")) async throws -> TestDatabase {
        let database = try await create(logger: logger)
        try await database.withConnection { try await Migrator().migrate(on: $0, logger: logger) }
        return database
    }

    @discardableResult
    public func withConnection<T>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let connection = try await PostgresConnection.connect(to: url, logger: Logger(label: "test"))
        do {
            let result = try await body(connection)
            await connection.close()
            return result
        } catch {
            await connection.close()
            throw error
        }
    }

    /// Drops the database, ending any session still connected to it.
    public func drop() async throws {
        let admin = try await PostgresConnection.connect(to: serverURL, logger: Logger(label: "test"))
        try? await admin.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"))
        await admin.close()
    }
}
