/// The bookkeeping of ``PostgresPool`` as a value: which connections are idle, how many slots are taken,
/// who waits. Each event returns what the pool must do; the pool does it outside its lock.
///
/// A slot is taken from the moment a borrower is told to open a connection until that connection is
/// discarded, so at most `maxConnections` connections exist, counting those being opened.
struct PostgresPoolStateMachine<Connection, Waiter> {
    typealias Lease = PostgresPoolLease<Connection>

    enum BorrowAction {
        case lease(Lease)
        /// All slots are taken: the waiter was queued and is resumed by a later `release` or `openFailed`.
        case wait
        /// No connection is free and the borrower's task is cancelled, so it was not queued.
        case cancelled
        /// The pool is closed.
        case closed
    }

    enum ReleaseAction {
        /// Nothing to do: the connection is idle now.
        case none
        /// Resume `waiter` with `lease`; close `connectionToClose` if there is one.
        case resume(Waiter, Lease, closing: Connection?)
        /// Close the connection; its slot is free.
        case close(Connection)
    }

    let maxConnections: Int
    private var idle: [Connection] = []
    private var takenSlots = 0
    /// First in, first served.
    private var waiters: [(id: Int, waiter: Waiter)] = []
    private var isClosed = false

    init(maxConnections: Int) {
        precondition(maxConnections > 0, "a pool needs at least one connection")
        self.maxConnections = maxConnections
    }

    var waiterCount: Int { waiters.count }

    /// A borrower asks for a connection; `waiter` is kept under `id` when it has to wait, unless the
    /// borrower `isCancelled` (checked under the pool's lock, so a cancellation cannot slip in between).
    mutating func borrow(id: Int, waiter: Waiter, isCancelled: Bool) -> BorrowAction {
        if isClosed {
            return .closed
        }
        if let connection = idle.popLast() {
            return .lease(.connection(connection))
        }
        if takenSlots < maxConnections {
            takenSlots += 1
            return .lease(.openSlot)
        }
        if isCancelled {
            return .cancelled
        }
        waiters.append((id, waiter))
        return .wait
    }

    /// A waiting borrower was cancelled: returns its waiter to resume with an error, or nil when it was
    /// already served (then it owns a lease and releases it as usual, so no slot leaks either way).
    mutating func cancel(id: Int) -> Waiter? {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else {
            return nil
        }
        return waiters.remove(at: index).waiter
    }

    /// A borrower is done with `connection`; `reusable` is false when the session broke or was left
    /// inside a transaction.
    mutating func release(_ connection: Connection, reusable: Bool) -> ReleaseAction {
        if reusable, !isClosed {
            if waiters.isEmpty {
                idle.append(connection)
                return .none
            }
            return .resume(waiters.removeFirst().waiter, .connection(connection), closing: nil)
        }
        if let next = nextWaiterForFreedSlot() {
            return .resume(next, .openSlot, closing: connection)
        }
        return .close(connection)
    }

    /// Opening a connection in a slot failed: the slot goes to the next waiter (who tries in turn), else
    /// it is free. Returns the waiter to resume with `.openSlot`.
    mutating func openFailed() -> Waiter? {
        nextWaiterForFreedSlot()
    }

    /// Closes the pool: returns the idle connections to close and the waiters to fail. Connections in use
    /// are closed when they are released.
    mutating func close() -> (idle: [Connection], waiters: [Waiter]) {
        isClosed = true
        defer {
            takenSlots -= idle.count
            idle = []
            waiters = []
        }
        return (idle, waiters.map(\.waiter))
    }

    /// Hands a freed slot to the first waiter, or frees it.
    private mutating func nextWaiterForFreedSlot() -> Waiter? {
        if !isClosed, !waiters.isEmpty {
            return waiters.removeFirst().waiter
        }
        takenSlots -= 1
        return nil
    }
}

/// What a borrower of ``PostgresPoolStateMachine`` gets (outside the machine so that a waiter's type can
/// name it).
enum PostgresPoolLease<Connection> {
    /// An idle connection, now the borrower's.
    case connection(Connection)
    /// A free slot: the borrower opens a connection in it (or gives the slot back with `openFailed`).
    case openSlot
}

extension PostgresPoolLease: Sendable where Connection: Sendable {}
extension PostgresPoolLease: Equatable where Connection: Equatable {}
extension PostgresPoolStateMachine.BorrowAction: Equatable where Connection: Equatable, Waiter: Equatable {}
extension PostgresPoolStateMachine.ReleaseAction: Equatable where Connection: Equatable, Waiter: Equatable {}
