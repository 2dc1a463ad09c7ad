import Foundation

/// The `progress` object of a long-running command (API.md §3):
/// `{"status", "percent", "step", "result", "event", "updated_at"}`, with the latest progress event kept whole
/// in `event`. Absent values are written as `null`, so every key is always there.
public enum CommandProgress {
    public static func document(for progress: DJIProgress, event: DJIEnvelope, at now: Date) -> JSONValue {
        .object([
            "status": .string(progress.status),
            "percent": progress.percent.map { .integer(Int64($0)) } ?? .null,
            "step": progress.step.map(JSONValue.string) ?? .null,
            "result": progress.result.map(JSONValue.integer) ?? .null,
            "event": event.raw,
            "updated_at": .string(RFC3339.string(now)),
        ])
    }
}
