/// A SQL statement whose interpolated values become bind parameters (`$1`, `$2`, ...), never spliced text.
///
/// ```swift
/// let query: PostgresQuery = "SELECT id FROM devices WHERE serial = \(serial) AND seen_at > \(since)"
/// // sql: "SELECT id FROM devices WHERE serial = $1 AND seen_at > $2", binds: [serial, since]
/// ```
///
/// `\(unescaped:)` splices text verbatim and exists only for identifiers and constants the program itself
/// writes (a table name in a migration); it must never receive input from outside the process.
public struct PostgresQuery: Sendable, Hashable, ExpressibleByStringInterpolation {
    /// The statement with `$n` placeholders.
    public var sql: String
    /// The values of the placeholders, `binds[0]` for `$1`.
    public var binds: [PostgresBind]

    /// A statement written with its own placeholders; `unsafeSQL` must not contain text from outside the process.
    public init(unsafeSQL: String, binds: [PostgresBind] = []) {
        self.sql = unsafeSQL
        self.binds = binds
    }

    public init(stringLiteral value: String) {
        self.init(unsafeSQL: value)
    }

    public init(stringInterpolation: StringInterpolation) {
        self.init(unsafeSQL: stringInterpolation.sql, binds: stringInterpolation.binds)
    }

    /// Builds the statement: literals are copied, interpolated values become the next `$n`.
    public struct StringInterpolation: StringInterpolationProtocol {
        var sql: String
        var binds: [PostgresBind]

        public init(literalCapacity: Int, interpolationCount: Int) {
            sql = ""
            sql.reserveCapacity(literalCapacity + 3 * interpolationCount)
            binds = []
            binds.reserveCapacity(interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) {
            sql += literal
        }

        /// Appends `value` as the next bind parameter.
        public mutating func appendInterpolation<T: PostgresEncodable>(_ value: T) {
            append(value.postgresBind)
        }

        /// Appends `value` as the next bind parameter; `nil` binds NULL of `T`'s type.
        public mutating func appendInterpolation<T: PostgresEncodable>(_ value: T?) {
            append(value?.postgresBind ?? .null(type: T.postgresType))
        }

        /// Splices `unescaped` into the SQL text as is: only for identifiers and constants the program writes.
        public mutating func appendInterpolation(unescaped: String) {
            sql += unescaped
        }

        private mutating func append(_ bind: PostgresBind) {
            binds.append(bind)
            sql += "$\(binds.count)"
        }
    }
}

extension PostgresQuery: CustomStringConvertible {
    /// The SQL and the number of binds, never their values: they may hold secrets.
    public var description: String {
        binds.isEmpty ? sql : "\(sql) [\(binds.count) binds]"
    }
}
