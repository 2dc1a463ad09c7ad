import Foundation
import Logging
import Synchronization
import Testing

@testable import Shared

/// Where the integration tests find PostgreSQL: `DATABASE_URL`, as `scripts/local-services.sh` prints it.
enum PostgresTestSupport {
    struct MissingDatabaseURL: Error, CustomStringConvertible {
        var description: String {
            "DATABASE_URL is not set: start a server with `scripts/local-services.sh start DIR fast` and export "
                + "the DATABASE_URL it prints"
        }
    }

    static func databaseURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty else {
            throw MissingDatabaseURL()
        }
        return url
    }

    static let logger: Logger = {
        var logger = Logger(label: "dockgate.tests.postgres") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .warning
        return logger
    }()

    static func connect() async throws -> PostgresConnection {
        try await PostgresConnection.connect(to: databaseURL(), logger: logger)
    }

    /// The connection string with `application_name` set, in whichever form it is written.
    static func databaseURL(applicationName: String) throws -> String {
        let url = try databaseURL()
        if url.contains("://") {
            return url + (url.contains("?") ? "&" : "?") + "application_name=\(applicationName)"
        }
        return url + " application_name=\(applicationName)"
    }

    /// A name no other test uses, for tables, channels and application names (tests run in parallel).
    static func uniqueName(_ prefix: String) -> String {
        "\(prefix)_\(UUID().uuidString.prefix(8).lowercased())"
    }
}

/// Keeps the messages logged through it, so a test can wait for something the code under test only logs.
struct CapturingLogHandler: LogHandler {
    final class Store: Sendable {
        private let messages = Mutex<[String]>([])

        func append(_ message: String) {
            messages.withLock { $0.append(message) }
        }

        func count(where predicate: (String) -> Bool) -> Int {
            messages.withLock { $0.filter(predicate).count }
        }
    }

    let store: Store
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        store.append(event.message.description)
    }
}
