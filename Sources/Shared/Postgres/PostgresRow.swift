/// One row of a result: the text form of each column (nil for NULL) and the result's column descriptions.
public struct PostgresRow: Sendable {
    /// The names and type OIDs of a result's columns, shared (copy-on-write) by all its rows.
    struct Columns: Sendable {
        var names: [String]
        var types: [UInt32]
        /// The first column of each name, as SQL does for `row.name` when names repeat.
        var indexByName: [String: Int]

        init(names: [String], types: [UInt32]) {
            self.names = names
            self.types = types
            self.indexByName = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    let columns: Columns
    let values: [String?]

    /// The column names in result order.
    public var columnNames: [String] { columns.names }

    /// Reads a non-NULL column; throws a `.decoding` error for NULL, a missing column, or an unreadable value.
    public func decode<T: PostgresDecodable>(_ type: T.Type, column: String) throws -> T {
        try decode(type, at: index(of: column))
    }

    /// Reads a column that may be NULL.
    public func decode<T: PostgresDecodable>(_ type: T?.Type, column: String) throws -> T? {
        try decode(type, at: index(of: column))
    }

    /// Reads a non-NULL column by position; throws a `.decoding` error for NULL or an unreadable value.
    public func decode<T: PostgresDecodable>(_ type: T.Type, at index: Int) throws -> T {
        guard let value = try decode(T?.self, at: index) else {
            throw PostgresError(
                kind: .decoding,
                message: "column \"\(columns.names[index])\" is NULL, expected \(T.self)"
            )
        }
        return value
    }

    /// Reads a column that may be NULL by position.
    public func decode<T: PostgresDecodable>(_ type: T?.Type, at index: Int) throws -> T? {
        guard values.indices.contains(index) else {
            throw PostgresError(
                kind: .decoding,
                message: "no column at index \(index), the row has \(values.count) columns"
            )
        }
        guard let text = values[index] else {
            return nil
        }
        do {
            return try T(postgresText: text, columnType: columns.types[index])
        } catch {
            // The reason only, never the value: a column may hold a secret.
            let reason = (error as? PostgresError)?.message ?? String(describing: error)
            throw PostgresError(
                kind: .decoding,
                message: "column \"\(columns.names[index])\" (type OID \(columns.types[index])) "
                    + "cannot be read as \(T.self): \(reason)"
            )
        }
    }

    private func index(of column: String) throws -> Int {
        guard let index = columns.indexByName[column] else {
            throw PostgresError(
                kind: .decoding,
                message: "no column \"\(column)\" in the result; it has \(columns.names.joined(separator: ", "))"
            )
        }
        return index
    }
}

/// The rows of a result and the number of rows the statement affected.
public struct PostgresRows: Sendable, RandomAccessCollection {
    let rows: [PostgresRow]
    /// The rows inserted, updated, deleted or selected (from the command tag; 0 for other commands).
    public let affectedRows: Int
    /// The command tag the server sent, e.g. `INSERT 0 1` or `COMMIT`.
    public let commandTag: String
    /// The column names in result order (also for a result without rows).
    public var columnNames: [String] { columns.names }
    let columns: PostgresRow.Columns

    public var startIndex: Int { rows.startIndex }
    public var endIndex: Int { rows.endIndex }
    public subscript(position: Int) -> PostgresRow { rows[position] }
}
