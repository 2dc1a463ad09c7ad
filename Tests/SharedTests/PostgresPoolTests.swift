import Foundation
import Testing

@testable import Shared

@Suite struct PostgresPoolTests {
    private func makePool(maxConnections: Int) throws -> PostgresPool {
        PostgresPool(
            connectionString: try PostgresTestSupport.databaseURL(),
            maxConnections: maxConnections,
            logger: PostgresTestSupport.logger
        )
    }

    @Test func fiftyConcurrentQueriesShareFiveConnections() async throws {
        let pool = try makePool(maxConnections: 5)
        let results = try await withThrowingTaskGroup(of: (sent: Int, received: Int, pid: Int32).self) { group in
            for index in 0..<50 {
                group.addTask {
                    let rows = try await pool.query(
                        "SELECT \(index) AS n, pg_backend_pid() AS pid, pg_sleep(0.01)::text AS slept"
                    )
                    let row = try #require(rows.first)
                    return (index, try row.decode(Int.self, column: "n"), try row.decode(Int32.self, column: "pid"))
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 50)
        #expect(results.allSatisfy { $0.sent == $0.received })
        let backends = Set(results.map(\.pid))
        #expect(backends.count <= 5)
        #expect(backends.count >= 1)
        await pool.close()
    }

    @Test func transactionsRunOnPooledConnections() async throws {
        let pool = try makePool(maxConnections: 2)
        let table = PostgresTestSupport.uniqueName("pool_tx")
        try await pool.query("CREATE TABLE \(unescaped: table) (id int)")
        await #expect(throws: CancellationError.self) {
            try await pool.transaction { connection in
                try await connection.query("INSERT INTO \(unescaped: table) VALUES (1)")
                throw CancellationError()
            }
        }
        try await pool.transaction { connection in
            try await connection.query("INSERT INTO \(unescaped: table) VALUES (2)")
        }
        let ids = try await pool.query("SELECT id FROM \(unescaped: table)").map {
            try $0.decode(Int.self, column: "id")
        }
        #expect(ids == [2])
        try await pool.query("DROP TABLE \(unescaped: table)")
        await pool.close()
    }

    /// An actor's state can be touched inside the closures: they run on the caller's isolation.
    private actor Ledger {
        var seen: [Int] = []

        func record(from pool: PostgresPool) async throws {
            try await pool.transaction { connection in
                let row = try #require(try await connection.query("SELECT \(seen.count + 1) AS n").first)
                seen.append(try row.decode(Int.self, column: "n"))
            }
            try await pool.withConnection { connection in
                seen.append(try #require(try await connection.query("SELECT 10 AS n").first).decode(Int.self, at: 0))
            }
        }
    }

    @Test func closuresRunOnTheCallersActor() async throws {
        let pool = try makePool(maxConnections: 1)
        let ledger = Ledger()
        try await ledger.record(from: pool)
        #expect(await ledger.seen == [1, 10])
        await pool.close()
    }

    @Test func aCancelledWaiterDoesNotKeepASlot() async throws {
        let pool = try makePool(maxConnections: 1)
        try await pool.withConnection { _ in
            let waiter = Task {
                try await pool.withConnection { _ in }
            }
            // A bounded wait for the state under test: the second borrower queued behind the first.
            let deadline = ContinuousClock.now + .seconds(10)
            while pool.waiterCount == 0, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(1))
            }
            #expect(pool.waiterCount == 1)
            waiter.cancel()
            await #expect(throws: CancellationError.self) { try await waiter.value }
            #expect(pool.waiterCount == 0)
        }
        // With one slot, this borrow would wait forever if the cancelled waiter had leaked it.
        let row = try #require(try await pool.query("SELECT 1 AS one").first)
        #expect(try row.decode(Int.self, column: "one") == 1)
        await pool.close()
    }

    @Test func aBrokenConnectionIsReplaced() async throws {
        let pool = try makePool(maxConnections: 1)
        let admin = try await PostgresTestSupport.connect()
        let first = try #require(try await pool.query("SELECT pg_backend_pid() AS pid").first)
            .decode(Int32.self, column: "pid")
        try await admin.query("SELECT pg_terminate_backend(\(first))")
        // The pool notices the dead session before lending it; only if the server's goodbye has not
        // reached the socket yet can one statement still fail.
        var second: Int32?
        for attempt in 1...2 where second == nil {
            do {
                second = try #require(try await pool.query("SELECT pg_backend_pid() AS pid").first)
                    .decode(Int32.self, column: "pid")
            } catch let error as PostgresError where error.kind == .connection && attempt == 1 {}
        }
        #expect(second != nil)
        #expect(second != first)
        await admin.close()
        await pool.close()
    }

    @Test func aConnectionLeftInATransactionIsNotLentAgain() async throws {
        let pool = try makePool(maxConnections: 1)
        let first = try await pool.withConnection { connection in
            try await connection.query("BEGIN")
            return try #require(try await connection.query("SELECT pg_backend_pid() AS pid").first)
                .decode(Int32.self, column: "pid")
        }
        let second = try await pool.withConnection { connection in
            #expect(connection.isReusable)
            return try #require(try await connection.query("SELECT pg_backend_pid() AS pid").first)
                .decode(Int32.self, column: "pid")
        }
        #expect(first != second)
        await pool.close()
    }

    @Test func aClosedPoolRefusesBorrowers() async throws {
        let pool = try makePool(maxConnections: 1)
        try await pool.query("SELECT 1")
        await pool.close()
        let error = try await #require(throws: PostgresError.self) { try await pool.query("SELECT 1") }
        #expect(error.kind == .closed)
    }
}
