extension JSONValue {
    /// True when a string or key anywhere in the value holds U+0000, which PostgreSQL's `jsonb` (SQLSTATE 22P05,
    /// "\u0000 cannot be converted to text") and `text` refuse.
    public var containsNUL: Bool {
        switch self {
        case .string(let text): text.containsNUL
        case .array(let values): values.contains { $0.containsNUL }
        case .object(let object): object.contains { $0.key.containsNUL || $0.value.containsNUL }
        case .null, .bool, .integer, .double: false
        }
    }

    /// The value with every U+0000 in strings and keys replaced by U+FFFD, so a device's message can be stored;
    /// nothing else changes.
    public var replacingNUL: JSONValue {
        guard containsNUL else { return self }
        switch self {
        case .string(let text):
            return .string(text.replacingNUL)
        case .array(let values):
            return .array(values.map(\.replacingNUL))
        case .object(let object):
            return .object(
                Dictionary(object.map { ($0.key.replacingNUL, $0.value.replacingNUL) }, uniquingKeysWith: { a, _ in a })
            )
        case .null, .bool, .integer, .double:
            return self
        }
    }
}

extension String {
    /// Looks at the UTF-8 bytes: U+0000 is the only scalar whose encoding holds a zero byte, and this runs on
    /// every string of every telemetry message, where decoding scalars cost more than the merge.
    public var containsNUL: Bool { utf8.contains(0) }

    /// The text with U+0000 replaced by U+FFFD (see ``JSONValue/replacingNUL``).
    public var replacingNUL: String {
        containsNUL ? String(String.UnicodeScalarView(unicodeScalars.map { $0 == "\u{0}" ? "\u{FFFD}" : $0 })) : self
    }
}
