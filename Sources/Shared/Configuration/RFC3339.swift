import Foundation

/// Times as the API writes them: RFC 3339, UTC, milliseconds, `Z` (`2026-04-22T12:00:00.123Z`, API.md).
public enum RFC3339 {
    public static func string(_ date: Date) -> String {
        date.formatted(style)
    }

    public static func date(_ string: String) -> Date? {
        if let date = try? style.parse(string) { return date }
        return try? Date.ISO8601FormatStyle().parse(string)
    }

    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
}
