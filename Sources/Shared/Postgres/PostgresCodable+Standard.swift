import Foundation

// The text forms below are what PostgreSQL's input functions read and its output functions write
// (with the session settings PostgresConnection applies: DateStyle ISO, TimeZone UTC, bytea_output hex).

extension String: PostgresCodable {
    public static var postgresType: UInt32 { PostgresDataType.text }
    public var postgresBind: PostgresBind { PostgresBind(text: self, type: Self.postgresType) }

    /// Any column reads as its text form, so a `numeric` or an `interval` can be read as a String.
    public init(postgresText: String, columnType: UInt32) {
        self = postgresText
    }
}

extension Int64: PostgresCodable {
    public static var postgresType: UInt32 { PostgresDataType.int8 }
    public var postgresBind: PostgresBind { PostgresBind(text: String(self), type: Self.postgresType) }

    public init(postgresText: String, columnType: UInt32) throws {
        self = try parseInteger(postgresText)
    }
}

extension Int: PostgresCodable {
    public static var postgresType: UInt32 { PostgresDataType.int8 }
    public var postgresBind: PostgresBind { PostgresBind(text: String(self), type: Self.postgresType) }

    public init(postgresText: String, columnType: UInt32) throws {
        self = try parseInteger(postgresText)
    }
}

extension Int32: PostgresCodable {
    public static var postgresType: UInt32 { PostgresDataType.int4 }
    public var postgresBind: PostgresBind { PostgresBind(text: String(self), type: Self.postgresType) }

    public init(postgresText: String, columnType: UInt32) throws {
        self = try parseInteger(postgresText)
    }
}

private func parseInteger<T: FixedWidthInteger>(_ text: String) throws -> T {
    guard let value = T(text) else {
        throw PostgresError(kind: .decoding, message: "not an integer that fits in \(T.self)")
    }
    return value
}

extension Bool: PostgresCodable {
    public static var postgresType: UInt32 { PostgresDataType.bool }
    public var postgresBind: PostgresBind { PostgresBind(text: self ? "true" : "false", type: Self.postgresType) }

    /// `boolout` writes `t` or `f`; the long forms are accepted for text columns holding booleans.
    public init(postgresText: String, columnType: UInt32) throws {
        switch postgresText {
        case "t", "true": self = true
        case "f", "false": self = false
        default: throw PostgresError(kind: .decoding, message: "not a boolean (t or f)")
        }
    }
}

extension Double: PostgresCodable {
    public static var postgresType: UInt32 { PostgresDataType.float8 }

    /// Swift's `description` is the shortest text that reads back as the same Double, like `float8out`
    /// since PostgreSQL 12; the special values are spelled the way `float8in` documents them.
    public var postgresBind: PostgresBind {
        let text: String
        if isNaN {
            text = "NaN"
        } else if isInfinite {
            text = self < 0 ? "-Infinity" : "Infinity"
        } else {
            text = description
        }
        return PostgresBind(text: text, type: Self.postgresType)
    }

    public init(postgresText: String, columnType: UInt32) throws {
        // Swift's parser reads "NaN", "Infinity" and "-Infinity" as well as numerals.
        guard let value = Double(postgresText) else {
            throw PostgresError(kind: .decoding, message: "not a floating-point number")
        }
        self = value
    }
}

extension UUID: PostgresCodable {
    public static var postgresType: UInt32 { PostgresDataType.uuid }
    public var postgresBind: PostgresBind {
        PostgresBind(text: uuidString.lowercased(), type: Self.postgresType)
    }

    /// `uuid_out` writes lowercase; `UUID(uuidString:)` reads either case.
    public init(postgresText: String, columnType: UInt32) throws {
        guard let value = UUID(uuidString: postgresText) else {
            throw PostgresError(kind: .decoding, message: "not a UUID")
        }
        self = value
    }
}
