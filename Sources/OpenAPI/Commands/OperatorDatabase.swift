import Logging
import Shared

/// The database connection of an operator command: from `DATABASE_URL`, with a schema this build knows,
/// closed when the command is done.
enum OperatorDatabase {
    static func withConnection<T>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let environment = Environment.process
        var logger = Logger(label: "open-api.operator")
        logger.logLevel = .warning
        let connection = try await PostgresConnection.connect(
            to: try environment.required("DATABASE_URL"), logger: logger)
        do {
            let status = try await Migrator().status(on: connection)
            guard status.isCurrent else { throw OperatorError("database schema is not current: \(status.explanation)") }
            let result = try await body(connection)
            await connection.close()
            return result
        } catch {
            await connection.close()
            throw error
        }
    }

    /// The tenant an operator named by name or id.
    static func tenant(_ reference: String, on connection: PostgresConnection) async throws -> Tenant {
        guard let row = try await connection.query(TenantQueries.find(reference)).first else {
            throw OperatorError("no tenant named '\(reference)' (see `open-api tenants list`)")
        }
        return try Tenant(row: row)
    }
}

/// A refusal of an operator command, printed as `Error: <message>` with a non-zero exit status.
struct OperatorError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
