import Foundation

/// Lenient readers for DJI values whose JSON type depends on model and firmware (reference §0.1, §3): integers
/// that arrive as floats (`rate: 5.0970001`), enums that arrive as strings (`domain: "3"`), bools sent as 0/1.
/// Every reader answers nil instead of failing: one odd field must never lose the rest of a message.
public enum DJILenient {
    /// An integer from `3`, `3.0`, `"3"`, `" 3 "`, `"3.0"` or `true`/`false` (1/0).
    ///
    /// Fractions are truncated toward zero (`5.097` → 5): DJI documents such fields as int and the fraction is
    /// float noise from the device. Non-finite or out-of-range numbers, empty strings, arrays and objects are nil.
    public static func int64(_ value: JSONValue?) -> Int64? {
        switch value {
        case .integer(let integer): integer
        case .double(let double): truncating(double)
        case .string(let string): int64(parsing: string)
        case .bool(let bool): bool ? 1 : 0
        case .null, .array, .object, nil: nil
        }
    }

    /// `int64(_:)` as an `Int`, for enums and small counts.
    public static func int(_ value: JSONValue?) -> Int? {
        int64(value).flatMap { Int(exactly: $0) }
    }

    /// A string from `"x"` or from a number (`3` → `"3"`, `3.0` → `"3"`, `2.5` → `"2.5"`).
    ///
    /// Numbers are accepted because ids and enum values change type between firmware versions (reference §3);
    /// bools, null, arrays and objects are nil since no DJI string field is documented with those types.
    public static func string(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let string): string
        case .integer(let integer): String(integer)
        case .double(let double): text(of: double)
        case .bool, .null, .array, .object, nil: nil
        }
    }

    /// A flag from `true`/`false`, `1`/`0` (any non-zero number is true) or the strings `"1"`, `"0"`, `"true"`,
    /// `"false"`. Anything else is nil, so the caller picks the default.
    public static func bool(_ value: JSONValue?) -> Bool? {
        switch value {
        case .bool(let bool): return bool
        case .integer(let integer): return integer != 0
        case .double(let double): return double.isNaN ? nil : double != 0
        case .string(let string):
            switch string.trimmingCharacters(in: .whitespaces).lowercased() {
            case "true": return true
            case "false": return false
            default: return int64(parsing: string).map { $0 != 0 }
            }
        case .null, .array, .object, nil: return nil
        }
    }

    private static func int64(parsing text: String) -> Int64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let integer = Int64(trimmed) { return integer }
        return Double(trimmed).flatMap(truncating)
    }

    /// Whole doubles print without the fraction, so an id sent as `123.0` still matches `"123"`.
    private static func text(of double: Double) -> String {
        if let whole = truncating(double), Double(whole) == double { return String(whole) }
        return "\(double)"
    }

    private static func truncating(_ double: Double) -> Int64? {
        guard double.isFinite else { return nil }
        return Int64(exactly: double.rounded(.towardZero))
    }
}
