import Logging
import Synchronization

/// Keeps every log line of a logger in memory, so a test can await what a service logged (for example that
/// the bridge received a message) without a side channel.
public final class LogCapture: Sendable {
    private let lines = Mutex<[Line]>([])

    public struct Line: Sendable {
        public var level: Logger.Level
        public var message: String
        public var metadata: [String: String]
    }

    public init() {}

    /// A logger at `level` that records into this capture.
    public func logger(level: Logger.Level = .trace) -> Logger {
        var logger = Logger(label: "test") { _ in Handler(capture: self) }
        logger.logLevel = level
        return logger
    }

    public var all: [Line] { lines.withLock { $0 } }

    /// Waits (bounded) until a line matching `predicate` was logged.
    public func waitFor(timeout: Duration = .seconds(10), _ predicate: (Line) -> Bool) async -> Line? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = all.first(where: predicate) { return line }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return all.first(where: predicate)
    }

    fileprivate func append(_ line: Line) { lines.withLock { $0.append(line) } }

    struct Handler: LogHandler {
        let capture: LogCapture
        var logLevel: Logger.Level = .trace
        var metadata: Logger.Metadata = [:]

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
            capture.append(
                Line(level: event.level, message: event.message.description, metadata: merged.mapValues { "\($0)" })
            )
        }
    }
}
