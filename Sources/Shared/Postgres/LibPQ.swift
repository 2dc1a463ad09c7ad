internal import CLibPQ
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The libpq calls, turned into Swift values and ``PostgresError``s at this boundary.
///
/// Every function here blocks and must run on the queue of the connection that owns the `PGconn`.
enum LibPQ {
    /// The session settings the decoders rely on; see ``PostgresTimestamp`` and `Data`'s conformance.
    private static let sessionSetup =
        "SET TIME ZONE 'UTC'; SET DateStyle = 'ISO'; SET client_encoding = 'UTF8'; SET bytea_output = 'hex'"

    /// Connects (PQconnectdbParams, which reads the URI and the `key=value` forms alike) and sets the session up.
    static func open(
        _ connectionString: String,
        fallbackApplicationName: String,
        logger: Logger
    ) throws -> PostgresConnection.Handle {
        // `expand_dbname` makes libpq parse `dbname` as a whole connection string. "Array entries appearing
        // before an expanded dbname entry can be overridden by fields of the connection string", so the
        // entries before it are defaults the string may change: give up connecting after 10 s instead of
        // never, and probe an idle TCP connection after 30 s so a vanished server is noticed in about a
        // minute, not the kernel's two hours. `fallback_application_name` applies only when the string sets
        // no `application_name`.
        let keywords: [String?] = [
            "connect_timeout", "keepalives_idle", "keepalives_interval", "keepalives_count", "dbname",
            "fallback_application_name",
        ]
        let values: [String?] = ["10", "30", "10", "3", connectionString, fallbackApplicationName]
        // PQconnectdbParams reads the arrays up to the first NULL keyword.
        let connection = withOptionalCStrings(keywords + [nil]) { keywords in
            withOptionalCStrings(values + [nil]) { values in
                PQconnectdbParams(keywords, values, 1)
            }
        }
        guard let connection else {
            throw PostgresError(kind: .connection, message: "libpq could not allocate a connection")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = errorMessage(of: connection)
            PQfinish(connection)
            throw PostgresError(kind: .connection, message: message)
        }
        // libpq prints notices (and the FATAL a terminated backend sends while idle) to stderr unless
        // told otherwise; route them to the logger. The receiver's context is retained until PQfinish.
        let noticeLogger = Unmanaged.passRetained(NoticeLogger(logger: logger))
        PQsetNoticeReceiver(connection, NoticeLogger.receive, noticeLogger.toOpaque())
        let handle = PostgresConnection.Handle(pointer: connection, noticeLogger: noticeLogger)
        let setup = PQexec(connection, sessionSetup)
        defer { PQclear(setup) }
        guard PQresultStatus(setup) == PGRES_COMMAND_OK else {
            let error = self.error(from: setup, on: connection, statement: sessionSetup)
            handle.finish()
            throw error
        }
        return handle
    }

    /// The context of a connection's notice receiver.
    final class NoticeLogger: Sendable {
        let logger: Logger

        init(logger: Logger) {
            self.logger = logger
        }

        /// Logs a notice: warnings and fatal errors at `warning`, the chatter (NOTICE, INFO, ...) at `debug`.
        static let receive: PQnoticeReceiver = { context, result in
            guard let context, let result else {
                return
            }
            let logger = Unmanaged<NoticeLogger>.fromOpaque(context).takeUnretainedValue().logger
            let severity = PQresultErrorField(result, DiagnosticField.severity).map { String(cString: $0) } ?? "NOTICE"
            let message = PQresultErrorField(result, DiagnosticField.primaryMessage).map { String(cString: $0) } ?? ""
            let level: Logger.Level = ["WARNING", "ERROR", "FATAL", "PANIC"].contains(severity) ? .warning : .debug
            logger.log(level: level, "PostgreSQL \(severity): \(message)")
        }
    }

    /// Runs a query with PQexecParams: every bind in text format with its type OID, text results.
    ///
    /// A query without binds goes through PQexec instead, the simple query protocol, which accepts several
    /// statements separated by semicolons (a migration) where PQexecParams refuses them ("cannot insert
    /// multiple commands into a prepared statement"); the result is the last statement's.
    static func execute(_ query: PostgresQuery, on connection: OpaquePointer) throws -> PostgresRows {
        let result: OpaquePointer?
        if query.binds.isEmpty {
            result = PQexec(connection, query.sql)
        } else {
            let types: [Oid] = query.binds.map { Oid($0.type) }
            result = withOptionalCStrings(query.binds.map(\.text)) { values in
                PQexecParams(connection, query.sql, Int32(query.binds.count), types, values, nil, nil, 0)
            }
        }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            guard let result else {
                throw error(from: nil, on: connection, statement: query.sql)
            }
            return rows(of: result)
        default:
            throw error(from: result, on: connection, statement: query.sql)
        }
    }

    private static func rows(of result: OpaquePointer) -> PostgresRows {
        let columnCount = Int(PQnfields(result))
        let rowCount = Int(PQntuples(result))
        let columns = PostgresRow.Columns(
            names: (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) },
            types: (0..<columnCount).map { UInt32(PQftype(result, Int32($0))) }
        )
        var rows: [PostgresRow] = []
        rows.reserveCapacity(rowCount)
        for row in 0..<Int32(rowCount) {
            let values: [String?] = (0..<Int32(columnCount)).map { column in
                PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column))
            }
            rows.append(PostgresRow(columns: columns, values: values))
        }
        let commandTag = String(cString: PQcmdStatus(result))
        return PostgresRows(
            rows: rows,
            affectedRows: Int(String(cString: PQcmdTuples(result))) ?? 0,
            commandTag: commandTag,
            columns: columns
        )
    }

    /// The ErrorResponse field codes of `postgres_ext.h` (`#define PG_DIAG_SQLSTATE 'C'`, ...): character
    /// literal macros, which Swift does not import.
    private enum DiagnosticField {
        static let severity = Int32(UInt8(ascii: "V"))
        static let sqlState = Int32(UInt8(ascii: "C"))
        static let primaryMessage = Int32(UInt8(ascii: "M"))
        static let detail = Int32(UInt8(ascii: "D"))
        static let hint = Int32(UInt8(ascii: "H"))
        static let constraint = Int32(UInt8(ascii: "n"))
    }

    /// The error of a failed statement: the ErrorResponse fields when the server sent one, libpq's message
    /// otherwise (a NULL result means libpq could not even send the statement).
    static func error(from result: OpaquePointer?, on connection: OpaquePointer, statement: String?) -> PostgresError {
        func field(_ code: Int32) -> String? {
            guard let result, let value = PQresultErrorField(result, code) else {
                return nil
            }
            return String(cString: value)
        }
        let isConnected = PQstatus(connection) == CONNECTION_OK
        var message = field(DiagnosticField.primaryMessage)
        if message == nil, let result {
            message = trimmed(String(cString: PQresultErrorMessage(result)))
        }
        return PostgresError(
            kind: isConnected ? .server : .connection,
            sqlState: field(DiagnosticField.sqlState),
            message: message.flatMap { $0.isEmpty ? nil : $0 } ?? errorMessage(of: connection),
            detail: field(DiagnosticField.detail),
            hint: field(DiagnosticField.hint),
            constraint: field(DiagnosticField.constraint),
            statement: statement
        )
    }

    /// PQerrorMessage on one line: libpq ends it with a newline and wraps some messages
    /// ("server closed the connection unexpectedly\n\tThis probably means...").
    static func errorMessage(of connection: OpaquePointer) -> String {
        let message = trimmed(String(cString: PQerrorMessage(connection)))
        return message.isEmpty ? "unknown libpq error" : message
    }

    private static func trimmed(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingPrefix(while: \.isWhitespace) }
            .filter { !$0.isEmpty }
            .joined(separator: " ")
    }

    /// Calls `body` with a C array of C strings (NULL for nil) that lives for the call.
    private static func withOptionalCStrings<R>(_ strings: [String?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
        let copies = strings.map { $0.flatMap { strdup($0) } }
        defer {
            for copy in copies {
                free(copy)
            }
        }
        return body(copies.map { $0.map { UnsafePointer($0) } })
    }
}
