import Foundation

/// Whole Unix seconds, the unit of `X-Api-Timestamp`.
enum UnixTime {
    /// Rounded down, so a client and a server reading their clocks in the same second agree exactly.
    static func seconds(_ date: Date) -> Int64 {
        Int64(date.timeIntervalSince1970.rounded(.down))
    }
}
