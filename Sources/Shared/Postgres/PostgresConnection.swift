internal import CLibPQ
import Dispatch
import Logging
import Synchronization

/// One PostgreSQL session on libpq.
///
/// libpq is blocking and a `PGconn` must not be used by two threads at once ("libpq connections are not
/// thread-safe"; *Behavior in Threaded Programs*), so each connection owns a serial `DispatchQueue` and
/// every libpq call on its `PGconn` runs there, off Swift's cooperative pool; async callers wait on a
/// continuation. Statements on one connection run one at a time, in the order they were issued.
///
/// Every session is set to `TimeZone UTC`, `DateStyle ISO`, `client_encoding UTF8` and `bytea_output hex`,
/// the text forms the decoders read.
public final class PostgresConnection: Sendable {
    /// The `PGconn` pointer and its notice receiver's context. `@unchecked Sendable` is safe because the
    /// pointer is only dereferenced by blocks on `queue` (a serial queue, so by one thread at a time), and
    /// `finish()` runs as the last such block: `close()` marks the connection closed before it enqueues
    /// `finish()`, every block checks that mark first (see `onQueue`), and `deinit` enqueues it only when
    /// no block can follow. So no block touches the pointer after it was freed. The notice receiver runs
    /// inside libpq calls, so on `queue` too, and only reads its immutable, Sendable `Logger`.
    struct Handle: @unchecked Sendable {
        let pointer: OpaquePointer
        /// The notice receiver's context, retained for as long as the `PGconn` exists.
        let noticeLogger: Unmanaged<LibPQ.NoticeLogger>

        /// PQfinish, then the notice receiver's context can go.
        func finish() {
            PQfinish(pointer)
            noticeLogger.release()
        }
    }

    /// What other threads may read about the session; written on `queue` after every libpq call.
    private struct State {
        var isClosed = false
        var isConnected = true
        var isIdle = true
    }

    private let handle: Handle
    private let queue: DispatchQueue
    private let state = Mutex(State())
    let logger: Logger

    private init(handle: Handle, queue: DispatchQueue, logger: Logger) {
        self.handle = handle
        self.queue = queue
        self.logger = logger
    }

    deinit {
        // Nothing can be queued for this connection any more (queued blocks retain `self`), so this is the
        // last use of the handle.
        if !state.withLock({ $0.isClosed }) {
            let handle = handle
            queue.async { handle.finish() }
        }
    }

    /// Opens a session.
    ///
    /// - Parameter connectionString: anything `psql` accepts: `postgresql://user:pass@host:port/db?sslmode=...`
    ///   or `host=... port=... dbname=...`. Without an `application_name` the session is named `dockgate`.
    public static func connect(to connectionString: String, logger: Logger) async throws -> PostgresConnection {
        try await connect(to: connectionString, fallbackApplicationName: "dockgate", logger: logger)
    }

    static func connect(
        to connectionString: String,
        fallbackApplicationName: String,
        logger: Logger
    ) async throws -> PostgresConnection {
        guard let info = PostgresConnectionInfo(connectionString) else {
            throw PostgresError(kind: .connection, message: "libpq cannot parse the connection string")
        }
        var connectionLogger = logger
        connectionLogger[metadataKey: "postgres.server"] = "\(info["host"] ?? "default"):\(info["port"] ?? "default")"
        connectionLogger[metadataKey: "postgres.database"] = "\(info["dbname"] ?? info["user"] ?? "default")"
        let logger = connectionLogger
        let queue = DispatchQueue(label: "dockgate.postgres.connection")
        let handle = try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(
                    with: Result {
                        try LibPQ.open(
                            connectionString,
                            fallbackApplicationName: fallbackApplicationName,
                            logger: logger
                        )
                    }
                )
            }
        }
        logger.debug("Connected to PostgreSQL", metadata: ["postgres.connection": "\(info)"])
        return PostgresConnection(handle: handle, queue: queue, logger: logger)
    }

    /// Runs one statement (PQexecParams, binds in text format with their type OIDs) and returns its rows.
    ///
    /// A query without binds may hold several statements separated by semicolons (they run in one implicit
    /// transaction; the rows are the last statement's).
    ///
    /// A statement cannot be interrupted by cancelling the calling task: libpq would need a second
    /// connection to cancel it, and the session stays usable once it completes.
    @discardableResult
    public func query(_ query: PostgresQuery) async throws -> PostgresRows {
        logger.trace("Running statement", metadata: ["postgres.statement": "\(query)"])
        return try await onQueue { connection in
            try LibPQ.execute(query, on: connection)
        }
    }

    /// Runs `body` inside `BEGIN`/`COMMIT`; when `body` throws, rolls back and rethrows its error.
    ///
    /// A `COMMIT` of a transaction in which a statement failed is a rollback (the server answers
    /// `ROLLBACK`); that throws a `.server` error with SQLSTATE 25P02 rather than pretending to commit.
    /// Transactions do not nest.
    @discardableResult
    public func transaction<T>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await query("BEGIN")
        let result: T
        do {
            result = try await body(self)
        } catch {
            await rollback()
            throw error
        }
        let commit = try await query("COMMIT")
        if commit.commandTag == "ROLLBACK" {
            throw PostgresError(
                kind: .server,
                sqlState: PostgresError.Code.inFailedTransaction,
                message: "the transaction was rolled back because a statement in it failed",
                statement: "COMMIT"
            )
        }
        return result
    }

    private func rollback() async {
        do {
            try await query("ROLLBACK")
        } catch {
            // A lost connection rolls the transaction back on the server by itself.
            logger.warning("ROLLBACK failed", metadata: ["error": "\(error)"])
        }
    }

    /// Whether the session was healthy after its last libpq call (PQstatus is CONNECTION_OK).
    public var isConnected: Bool {
        state.withLock { !$0.isClosed && $0.isConnected }
    }

    /// Whether the session is healthy and outside a transaction, so a pool may hand it to someone else.
    var isReusable: Bool {
        state.withLock { !$0.isClosed && $0.isConnected && $0.isIdle }
    }

    /// Reads what the server sent while the session was idle (PQconsumeInput, which does not block) and
    /// reports whether it is still reusable: a server that restarted or terminated the backend has closed
    /// the socket, and this notices it before a statement is sent on a dead session.
    func checkHealth() async -> Bool {
        let consumed = try? await onQueue { connection in PQconsumeInput(connection) == 1 }
        return consumed == true && isReusable
    }

    /// Ends the session (PQfinish) once the statements already issued have run.
    public func close() async {
        guard markClosed() else {
            return
        }
        let handle = handle
        await withCheckedContinuation { continuation in
            queue.async {
                handle.finish()
                continuation.resume()
            }
        }
    }

    /// Ends the session without waiting for PQfinish, for callers that cannot await.
    func closeInBackground() {
        guard markClosed() else {
            return
        }
        let handle = handle
        queue.async { handle.finish() }
    }

    /// Marks the connection closed; false when it already was.
    private func markClosed() -> Bool {
        state.withLock { state in
            defer {
                state.isClosed = true
                state.isConnected = false
            }
            return !state.isClosed
        }
    }

    /// Runs `body` with the `PGconn` on the connection's queue, then records the session's status.
    func onQueue<T: Sendable>(_ body: @escaping @Sendable (OpaquePointer) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { [self] in
                guard !state.withLock({ $0.isClosed }) else {
                    continuation.resume(throwing: PostgresError(kind: .closed, message: "the connection is closed"))
                    return
                }
                let result = Result { try body(handle.pointer) }
                let isConnected = PQstatus(handle.pointer) == CONNECTION_OK
                let isIdle = PQtransactionStatus(handle.pointer) == PQTRANS_IDLE
                state.withLock {
                    $0.isConnected = isConnected
                    $0.isIdle = isIdle
                }
                continuation.resume(with: result)
            }
        }
    }
}
