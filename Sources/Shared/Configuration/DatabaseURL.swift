import Foundation

/// Helpers for `DATABASE_URL`, which is anything libpq accepts: a URI (`postgresql://user:pass@host/db`) or
/// a key/value string (`host=... password=...`).
public enum DatabaseURL {
    /// The connection string as libpq reads it, without its password, for log lines.
    public static func redacted(_ connectionString: String) -> String {
        PostgresConnectionInfo(connectionString)?.description ?? "<connection string libpq cannot parse>"
    }

    /// The same server with another database name, for tests and tools that create databases.
    public static func replacingDatabase(in connectionString: String, with database: String) -> String {
        if connectionString.hasPrefix("postgres://") || connectionString.hasPrefix("postgresql://"),
            var components = URLComponents(string: connectionString)
        {
            components.path = "/" + database
            return components.string ?? connectionString
        }
        // In the key/value form a later keyword overrides an earlier one.
        return connectionString + " dbname='\(database)'"
    }
}
