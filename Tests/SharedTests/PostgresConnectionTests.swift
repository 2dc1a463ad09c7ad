import Foundation
import Testing

@testable import Shared

@Suite struct PostgresConnectionTests {
    private struct Abort: Error {}

    @Test func anUndefinedTableSurfacesItsSQLStateAndStatement() async throws {
        let connection = try await PostgresTestSupport.connect()
        let table = PostgresTestSupport.uniqueName("missing")
        let secret = "bind value that must not appear"
        let error = try await #require(throws: PostgresError.self) {
            try await connection.query("SELECT * FROM \(unescaped: table) WHERE name = \(secret)")
        }
        #expect(error.kind == .server)
        #expect(error.sqlState == PostgresError.Code.undefinedTable)
        #expect(error.message.contains(table))
        #expect(error.statement == "SELECT * FROM \(table) WHERE name = $1")
        #expect(!error.description.contains(secret))
        // The session survives a statement error.
        #expect(connection.isConnected)
        let one = try await connection.query("SELECT 1 AS one")
        #expect(try one.first?.decode(Int.self, column: "one") == 1)
        await connection.close()
    }

    @Test func aUniqueViolationNamesTheConstraintAndTheKey() async throws {
        let connection = try await PostgresTestSupport.connect()
        try await connection.query("CREATE TEMP TABLE docks (serial text CONSTRAINT docks_serial_key UNIQUE)")
        try await connection.query("INSERT INTO docks VALUES (\("DOCK-1"))")
        let error = try await #require(throws: PostgresError.self) {
            try await connection.query("INSERT INTO docks VALUES (\("DOCK-1"))")
        }
        #expect(error.sqlState == PostgresError.Code.uniqueViolation)
        #expect(error.constraint == "docks_serial_key")
        #expect(error.detail?.contains("DOCK-1") == true)
        #expect(error.statement == "INSERT INTO docks VALUES ($1)")
        await connection.close()
    }

    @Test func aTransactionCommitsWhenItsBodyReturns() async throws {
        let connection = try await PostgresTestSupport.connect()
        try await connection.query("CREATE TEMP TABLE commands (id int)")
        let value = try await connection.transaction { transaction in
            try await transaction.query("INSERT INTO commands VALUES (\(Int32(1)))")
            return "done"
        }
        #expect(value == "done")
        #expect(try await connection.query("SELECT id FROM commands").count == 1)
        #expect(connection.isReusable)
        await connection.close()
    }

    @Test func aTransactionRollsBackWhenItsBodyThrows() async throws {
        let connection = try await PostgresTestSupport.connect()
        try await connection.query("CREATE TEMP TABLE commands (id int)")
        await #expect(throws: Abort.self) {
            try await connection.transaction { transaction in
                try await transaction.query("INSERT INTO commands VALUES (\(Int32(1)))")
                throw Abort()
            }
        }
        #expect(try await connection.query("SELECT id FROM commands").isEmpty)
        #expect(connection.isReusable)
        await connection.close()
    }

    @Test func committingAfterAFailedStatementReportsTheRollback() async throws {
        let connection = try await PostgresTestSupport.connect()
        try await connection.query("CREATE TEMP TABLE commands (id int PRIMARY KEY)")
        let error = try await #require(throws: PostgresError.self) {
            try await connection.transaction { transaction in
                try await transaction.query("INSERT INTO commands VALUES (\(Int32(1)))")
                // The body swallows the error, but the transaction is aborted on the server.
                _ = try? await transaction.query("INSERT INTO commands VALUES (\(Int32(1)))")
            }
        }
        #expect(error.sqlState == PostgresError.Code.inFailedTransaction)
        #expect(try await connection.query("SELECT id FROM commands").isEmpty)
        await connection.close()
    }

    @Test func aQueryWithoutBindsMayHoldSeveralStatements() async throws {
        let connection = try await PostgresTestSupport.connect()
        let rows = try await connection.query(
            """
            CREATE TEMP TABLE steps (n int);
            INSERT INTO steps VALUES (1), (2);
            SELECT count(*) AS total FROM steps;
            """
        )
        #expect(try rows.first?.decode(Int.self, column: "total") == 2)
        // They run as one transaction: a failure undoes the statements before it.
        let error = try await #require(throws: PostgresError.self) {
            try await connection.query("INSERT INTO steps VALUES (3); SELECT 1 / 0;")
        }
        #expect(error.sqlState == "22012")
        let count = try await connection.query("SELECT count(*) AS total FROM steps")
        #expect(try count.first?.decode(Int.self, column: "total") == 2)
        await connection.close()
    }

    @Test func aClosedConnectionRefusesStatements() async throws {
        let connection = try await PostgresTestSupport.connect()
        await connection.close()
        #expect(!connection.isConnected)
        let error = try await #require(throws: PostgresError.self) { try await connection.query("SELECT 1") }
        #expect(error.kind == .closed)
        await connection.close()
    }

    @Test func aTerminatedSessionReportsAConnectionError() async throws {
        let connection = try await PostgresTestSupport.connect()
        let admin = try await PostgresTestSupport.connect()
        let pid = try #require(try await connection.query("SELECT pg_backend_pid() AS pid").first)
            .decode(Int32.self, column: "pid")
        try await admin.query("SELECT pg_terminate_backend(\(pid))")
        let error = try await #require(throws: PostgresError.self) { try await connection.query("SELECT 1") }
        #expect(error.kind == .connection)
        #expect(!connection.isConnected)
        await connection.close()
        await admin.close()
    }

    @Test func connectingToNothingFailsWithAConnectionError() async throws {
        let error = try await #require(throws: PostgresError.self) {
            try await PostgresConnection.connect(
                to: "postgresql://nobody:topsecret@127.0.0.1:1/none?connect_timeout=5",
                logger: PostgresTestSupport.logger
            )
        }
        #expect(error.kind == .connection)
        #expect(!error.message.isEmpty)
        #expect(!error.description.contains("topsecret"))
    }

    @Test func bothConnectionStringFormsWork() async throws {
        let url = try PostgresTestSupport.databaseURL()
        let info = try #require(PostgresConnectionInfo(url))
        let keyValue = info.description + " application_name=key_value_form"
        let connection = try await PostgresConnection.connect(to: keyValue, logger: PostgresTestSupport.logger)
        let row = try #require(try await connection.query("SELECT current_setting('application_name') AS name").first)
        #expect(try row.decode(String.self, column: "name") == "key_value_form")
        await connection.close()
    }

    @Test func sessionsAreSetUpForTheDecoders() async throws {
        let connection = try await PostgresTestSupport.connect()
        let row = try #require(
            try await connection.query(
                """
                SELECT current_setting('TimeZone') AS zone, current_setting('DateStyle') AS style,
                    current_setting('application_name') AS name
                """
            ).first
        )
        #expect(try row.decode(String.self, column: "zone") == "UTC")
        #expect(try row.decode(String.self, column: "style").hasPrefix("ISO"))
        #expect(try row.decode(String.self, column: "name") == "dockgate")
        await connection.close()
    }
}
