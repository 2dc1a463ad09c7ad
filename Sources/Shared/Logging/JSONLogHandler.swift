import Foundation
import Logging
import Synchronization

/// Writes one JSON object per line to standard error, for log collectors (`LOG_FORMAT=json`).
///
/// Keys: `ts` (RFC 3339 UTC), `level`, `label`, `msg`, then the metadata with its dotted keys as they are
/// (`dji.gateway`, `command.id`), so a collector can index them without parsing the message.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String

    public init(label: String, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        guard var line = line(for: event, at: Date.now) else { return }
        line.append(UInt8(ascii: "\n"))
        Self.output.withLock { _ in FileHandle.standardError.write(line) }
    }

    /// The JSON object of one event, without the newline.
    func line(for event: LogEvent, at time: Date) -> Data? {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let own = event.metadata { merged.merge(own) { _, new in new } }
        var object: [String: Any] = [
            "ts": time.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)),
            "level": event.level.rawValue,
            "label": label,
            "msg": event.message.description,
        ]
        for (key, value) in merged where object[key] == nil {
            object[key] = Self.jsonValue(value)
        }
        if let error = event.error { object["error"] = String(describing: error) }
        return try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    /// One lock for the whole process so concurrent lines never interleave.
    private static let output = Mutex(())

    private static func jsonValue(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case .string(let string): string
        case .stringConvertible(let convertible): convertible.description
        case .array(let values): values.map(jsonValue)
        case .dictionary(let values): values.mapValues(jsonValue)
        }
    }
}
