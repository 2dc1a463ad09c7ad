import Logging
import Synchronization

/// A small pool of ``PostgresConnection``s for concurrent requests.
///
/// Connections are opened lazily, up to `maxConnections`, and each is lent to one borrower at a time.
/// Borrowers wait first-in first-served when all are busy; a cancelled waiter leaves the queue without
/// taking a slot. A connection that broke, or that a borrower left inside a transaction, is closed when
/// it comes back and its slot goes to the next borrower, who opens a fresh one; an idle connection is
/// checked before it is lent, so a server restart costs no failed statement.
public final class PostgresPool: Sendable {
    private typealias Lease = PostgresPoolLease<PostgresConnection>
    private typealias Waiter = CheckedContinuation<Lease, any Error>

    private struct State {
        var machine: PostgresPoolStateMachine<PostgresConnection, Waiter>
        var nextWaiterID = 0
    }

    private let connectionString: String
    private let logger: Logger
    private let state: Mutex<State>

    /// Creates the pool; no connection is opened until one is needed.
    public init(connectionString: String, maxConnections: Int, logger: Logger) {
        self.connectionString = connectionString
        self.logger = logger
        self.state = Mutex(State(machine: PostgresPoolStateMachine(maxConnections: maxConnections)))
    }

    /// Lends a connection to `body`, waiting while all are busy, and takes it back when `body` returns.
    ///
    /// The connection must not escape `body`.
    @discardableResult
    public func withConnection<T>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        let connection = try await borrow()
        let result: T
        do {
            result = try await body(connection)
        } catch {
            release(connection)
            throw error
        }
        release(connection)
        return result
    }

    /// Runs one statement on a pooled connection.
    @discardableResult
    public func query(_ query: PostgresQuery) async throws -> PostgresRows {
        try await withConnection { connection in
            try await connection.query(query)
        }
    }

    /// Runs `body` in a transaction on a pooled connection (see ``PostgresConnection/transaction(isolation:_:)``).
    @discardableResult
    public func transaction<T>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await withConnection { connection in
            try await connection.transaction(body)
        }
    }

    /// Closes the idle connections and fails the waiting borrowers; connections in use close when returned.
    public func close() async {
        let (idle, waiters) = state.withLock { $0.machine.close() }
        for waiter in waiters {
            waiter.resume(throwing: PostgresError(kind: .closed, message: "the connection pool is closed"))
        }
        for connection in idle {
            await connection.close()
        }
    }

    /// The number of borrowers waiting for a connection.
    var waiterCount: Int {
        state.withLock { $0.machine.waiterCount }
    }

    private func borrow() async throws -> PostgresConnection {
        switch try await lease() {
        case .connection(let connection):
            if await connection.checkHealth() {
                return connection
            }
            logger.info("Replacing a broken pooled PostgreSQL connection")
            connection.closeInBackground()
            // The broken connection's slot stays taken, for the one opened below.
            return try await openConnection()
        case .openSlot:
            return try await openConnection()
        }
    }

    private func openConnection() async throws -> PostgresConnection {
        do {
            return try await PostgresConnection.connect(to: connectionString, logger: logger)
        } catch {
            if let next = state.withLock({ $0.machine.openFailed() }) {
                next.resume(returning: .openSlot)
            }
            throw error
        }
    }

    private func lease() async throws -> Lease {
        let id = state.withLock { state in
            defer { state.nextWaiterID += 1 }
            return state.nextWaiterID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: Waiter) in
                let action = state.withLock {
                    $0.machine.borrow(id: id, waiter: continuation, isCancelled: Task.isCancelled)
                }
                switch action {
                case .lease(let lease):
                    continuation.resume(returning: lease)
                case .wait:
                    break
                case .cancelled:
                    continuation.resume(throwing: CancellationError())
                case .closed:
                    continuation.resume(
                        throwing: PostgresError(kind: .closed, message: "the connection pool is closed"))
                }
            }
        } onCancel: {
            if let waiter = state.withLock({ $0.machine.cancel(id: id) }) {
                waiter.resume(throwing: CancellationError())
            }
        }
    }

    private func release(_ connection: PostgresConnection) {
        let reusable = connection.isReusable
        if !reusable, connection.isConnected {
            logger.warning("A pooled PostgreSQL connection came back inside a transaction; closing it")
        }
        switch state.withLock({ $0.machine.release(connection, reusable: reusable) }) {
        case .none:
            break
        case .resume(let waiter, let lease, let closing):
            closing?.closeInBackground()
            waiter.resume(returning: lease)
        case .close(let connection):
            connection.closeInBackground()
        }
    }
}
