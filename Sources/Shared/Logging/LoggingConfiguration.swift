import Logging

/// `LOG_LEVEL` and `LOG_FORMAT`, shared by both processes.
public struct LoggingConfiguration: Sendable {
    public var level: Logger.Level = .info
    public var format: LogFormat = .text

    public init(level: Logger.Level = .info, format: LogFormat = .text) {
        self.level = level
        self.format = format
    }

    public init(environment: Environment) throws(ConfigurationError) {
        if let text = environment.string("LOG_LEVEL") {
            guard let level = Logger.Level(rawValue: text.lowercased()) else {
                throw ConfigurationError(
                    variable: "LOG_LEVEL",
                    problem: "must be one of trace, debug, info, notice, warning, error, critical, got '\(text)'"
                )
            }
            self.level = level
        }
        self.format = try environment.oneOf("LOG_FORMAT", default: .text)
    }

    /// Installs the handler for the chosen format as the process-wide logging backend and returns the root
    /// logger. Call once, first thing in `main`.
    public func bootstrap(label: String) -> Logger {
        let level = self.level
        switch format {
        case .text:
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        case .json:
            LoggingSystem.bootstrap { label in
                var handler = JSONLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
        }
        return Logger(label: label)
    }
}
