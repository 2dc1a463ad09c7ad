/// An error from the server, from libpq, or from reading a column.
///
/// Server errors carry the fields of PostgreSQL's ErrorResponse (SQLSTATE, primary message, detail,
/// constraint); `statement` is the SQL text only, never bind values, which may hold secrets.
public struct PostgresError: Error, CustomStringConvertible, Sendable {
    /// Where the error came from.
    public enum Kind: Sendable, Hashable {
        /// Connecting failed or the connection was lost (the server went away, the socket broke).
        case connection
        /// The server rejected a statement; `sqlState` says why.
        case server
        /// A column value could not be read as the requested type, or the column does not exist.
        case decoding
        /// The connection, pool or listener was closed before or while it was used.
        case closed
    }

    public var kind: Kind
    /// The SQLSTATE code, e.g. `23505` for a unique violation (see PostgreSQL's Appendix A).
    public var sqlState: String?
    /// The server's primary message, libpq's connection error, or what could not be decoded.
    public var message: String
    /// The server's detail line, e.g. `Key (serial)=(X) already exists.`
    public var detail: String?
    /// The server's hint line.
    public var hint: String?
    /// The constraint that was violated, for integrity errors.
    public var constraint: String?
    /// The SQL text of the statement that failed.
    public var statement: String?

    public init(
        kind: Kind,
        sqlState: String? = nil,
        message: String,
        detail: String? = nil,
        hint: String? = nil,
        constraint: String? = nil,
        statement: String? = nil
    ) {
        self.kind = kind
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.hint = hint
        self.constraint = constraint
        self.statement = statement
    }

    public var description: String {
        var text = "PostgreSQL \(kind) error"
        if let sqlState {
            text += " \(sqlState)"
        }
        text += ": \(message)"
        if let detail {
            text += " (\(detail))"
        }
        if let hint {
            text += " Hint: \(hint)"
        }
        if let statement {
            text += " Statement: \(statement.count > 500 ? statement.prefix(500) + "…" : statement)"
        }
        return text
    }

    /// SQLSTATE codes the platform reacts to.
    public enum Code {
        public static let uniqueViolation = "23505"
        public static let foreignKeyViolation = "23503"
        public static let checkViolation = "23514"
        public static let notNullViolation = "23502"
        public static let serializationFailure = "40001"
        public static let deadlockDetected = "40P01"
        public static let undefinedTable = "42P01"
        public static let inFailedTransaction = "25P02"
        public static let adminShutdown = "57P01"
    }
}
