import ArgumentParser
import Logging
import Shared

/// `open-api migrate`: apply pending migrations and exit; the only way besides API start-up that changes the
/// schema.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending database migrations (DATABASE_URL) and exit."
    )

    func run() async throws {
        let environment = Environment.process
        let logger = try LoggingConfiguration(environment: environment).bootstrap(label: "open-api.migrate")
        let databaseURL = try environment.required("DATABASE_URL")
        logger.info("connecting to database", metadata: ["database": "\(DatabaseURL.redacted(databaseURL))"])
        let connection = try await PostgresConnection.connect(to: databaseURL, logger: logger)
        let applied: [String]
        do {
            applied = try await Migrator().migrate(on: connection, logger: logger)
            await connection.close()
        } catch {
            await connection.close()
            throw error
        }
        print(applied.isEmpty ? "schema is current" : "applied \(applied.joined(separator: ", "))")
    }
}
