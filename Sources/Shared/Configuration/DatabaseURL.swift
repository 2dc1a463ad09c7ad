import Foundation

/// Helpers for `DATABASE_URL`, which is anything libpq accepts: a URI (`postgresql://user:pass@host/db`) or
/// a key/value string (`host=... password=...`).
public enum DatabaseURL {
    /// The connection string with its password replaced by `***`, for log lines.
    public static func redacted(_ connectionString: String) -> String {
        if connectionString.hasPrefix("postgres://") || connectionString.hasPrefix("postgresql://") {
            guard var components = URLComponents(string: connectionString) else { return "<unparsable URI>" }
            if components.password != nil { components.password = "***" }
            if let items = components.queryItems {
                components.queryItems = items.map { $0.name == "password" ? URLQueryItem(name: $0.name, value: "***") : $0 }
            }
            return components.string ?? "<unparsable URI>"
        }
        // key=value form: values may be quoted ('...') and contain spaces.
        let pattern = #/password\s*=\s*('(?:[^'\\]|\\.)*'|\S+)/#
        return connectionString.replacing(pattern) { _ in "password=***" }
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
