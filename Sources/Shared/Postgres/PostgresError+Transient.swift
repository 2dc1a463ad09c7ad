extension PostgresError {
    /// Whether trying the same statement again later can succeed: the connection broke or was closed, or the
    /// server refused for a passing reason — SQLSTATE classes 08 (connection exception), 40 (transaction
    /// rollback: serialization failure, deadlock), 53 (insufficient resources) and 57 (operator intervention,
    /// e.g. 57P01 admin shutdown). Anything else the server refused (bad data, a violated constraint) fails
    /// again every time.
    public var isTransient: Bool {
        switch kind {
        case .connection, .closed: return true
        case .decoding: return false
        case .server:
            guard let sqlState else { return false }
            return ["08", "40", "53", "57"].contains(String(sqlState.prefix(2)))
        }
    }
}
