/// A strict RFC 8259 parser from UTF-8 bytes straight to ``JSONValue``, for the uplink path: every MQTT message
/// the bridge takes goes through it, and Foundation's `JSONDecoder` (bytes → its own tree → `Codable` probing
/// each value with up to six `try? decode`) cost most of a core at 5,000 messages/s.
///
/// It reads what the `Codable` decoder of ``JSONValue`` read, with the same results, except that it is strict
/// where Foundation is lenient:
/// - a trailing comma (`[1,]`, `{"a":1,}`) is an error (Foundation 6.3 accepts it; RFC 8259 §4, §5 do not);
/// - only space, tab, LF and CR are whitespace, and a byte-order mark is an error (RFC 8259 §8.1: "MUST NOT add
///   a byte order mark").
///
/// What it keeps from the old decoder on purpose, so stored telemetry does not change shape:
/// - a number is `.integer` when its value is a whole number that fits in `Int64` (`1`, `1.0`, `1e2`, `-0.0`),
///   otherwise `.double`; a number out of `Double`'s range (`1e400`) is an error;
/// - with duplicate keys in an object, the first one wins;
/// - at most 512 nested arrays and objects; a lone UTF-16 surrogate in a `\u` escape is an error.
public struct JSONParser {
    /// Deeper documents are refused, so a hostile payload cannot exhaust the stack (each level is a recursion).
    public static let maximumDepth = 512

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var depth = 0

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Parses one JSON text (any value at the top, surrounded by optional whitespace).
    public static func parse(_ bytes: some Collection<UInt8>) throws(JSONParseError) -> JSONValue {
        let contiguous: Result<JSONValue, JSONParseError>? = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONParseError) in try parse(buffer: buffer) }
        }
        if let contiguous { return try contiguous.get() }
        return try Array(bytes).withUnsafeBufferPointer { buffer throws(JSONParseError) in try parse(buffer: buffer) }
    }

    private static func parse(buffer: UnsafeBufferPointer<UInt8>) throws(JSONParseError) -> JSONValue {
        var parser = JSONParser(bytes: buffer)
        parser.skipWhitespace()
        let value = try parser.parseValue()
        parser.skipWhitespace()
        guard parser.index == buffer.count else { throw parser.error("unexpected bytes after the JSON value") }
        return value
    }

    // MARK: Values

    private mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard index < bytes.count else { throw error("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"):
            try expect(literal: "true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expect(literal: "false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expect(literal: "null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try parseNumber()
        default:
            throw error("unexpected byte \(bytes[index])")
        }
    }

    private mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        index += 1  // {
        var object: [String: JSONValue] = [:]
        skipWhitespace()
        if try consume(UInt8(ascii: "}")) {
            depth -= 1
            return .object(object)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw error("expected a string key")
            }
            let key = try parseString()
            skipWhitespace()
            guard try consume(UInt8(ascii: ":")) else { throw error("expected ':' after a key") }
            skipWhitespace()
            let value = try parseValue()
            // First one wins, as with Foundation's decoder.
            if object[key] == nil { object[key] = value }
            skipWhitespace()
            if try consume(UInt8(ascii: ",")) { continue }
            guard try consume(UInt8(ascii: "}")) else { throw error("expected ',' or '}' in an object") }
            depth -= 1
            return .object(object)
        }
    }

    private mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        index += 1  // [
        var array: [JSONValue] = []
        skipWhitespace()
        if try consume(UInt8(ascii: "]")) {
            depth -= 1
            return .array(array)
        }
        while true {
            skipWhitespace()
            array.append(try parseValue())
            skipWhitespace()
            if try consume(UInt8(ascii: ",")) { continue }
            guard try consume(UInt8(ascii: "]")) else { throw error("expected ',' or ']' in an array") }
            depth -= 1
            return .array(array)
        }
    }

    private mutating func enterContainer() throws(JSONParseError) {
        depth += 1
        guard depth <= Self.maximumDepth else { throw error("nested deeper than \(Self.maximumDepth) levels") }
    }

    // MARK: Strings

    /// Reads a string starting at its opening quote. Runs without escapes are validated as UTF-8 and copied
    /// in one piece; escapes are decoded into scalars.
    private mutating func parseString() throws(JSONParseError) -> String {
        index += 1  // "
        let start = index
        var highBits: UInt8 = 0
        // Fast path: no escape before the closing quote.
        while index < bytes.count {
            let byte = bytes[index]
            highBits |= byte
            if byte == UInt8(ascii: "\"") {
                // All ASCII (the common case: DJI keys and most values) needs no UTF-8 validation.
                let text =
                    highBits < 0x80
                    ? String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                    : try text(from: start, to: index)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error("unescaped control character in a string") }
            index += 1
        }
        guard index < bytes.count else { throw error("unterminated string") }
        var result = try text(from: start, to: index)
        var runStart = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                result += try text(from: runStart, to: index)
                index += 1
                return result
            }
            if byte == UInt8(ascii: "\\") {
                result += try text(from: runStart, to: index)
                result.unicodeScalars.append(try parseEscape())
                runStart = index
                continue
            }
            if byte < 0x20 { throw error("unescaped control character in a string") }
            index += 1
        }
        throw error("unterminated string")
    }

    private func text(from start: Int, to end: Int) throws(JSONParseError) -> String {
        guard
            let text = String(validating: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        else { throw JSONParseError(reason: "invalid UTF-8 in a string", offset: start) }
        return text
    }

    /// Reads one escape starting at its backslash; a `\u` high surrogate must be followed by a `\u` low one.
    private mutating func parseEscape() throws(JSONParseError) -> Unicode.Scalar {
        index += 1  // backslash
        guard index < bytes.count else { throw error("unterminated escape") }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let unit = try parseHex4()
            switch unit {
            case 0xD800...0xDBFF:
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                else { throw error("a high surrogate without a low one") }
                index += 2
                let low = try parseHex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw error("a high surrogate without a low one") }
                let scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                // In range by construction (U+10000…U+10FFFF).
                guard let scalar = Unicode.Scalar(scalar) else { throw error("invalid surrogate pair") }
                return scalar
            case 0xDC00...0xDFFF:
                throw error("a low surrogate without a high one")
            default:
                // Not a surrogate, so a valid scalar.
                guard let scalar = Unicode.Scalar(unit) else { throw error("invalid \\u escape") }
                return scalar
            }
        default:
            index -= 1
            throw error("invalid escape")
        }
    }

    private mutating func parseHex4() throws(JSONParseError) -> UInt16 {
        guard index + 4 <= bytes.count else { throw error("short \\u escape") }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("invalid hex digit in a \\u escape")
            }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }

    // MARK: Numbers

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?` (RFC 8259 §6).
    private mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = index
        let negative = bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw error("expected a digit") }
        // Accumulate the integer part as a negative number, so Int64.min fits.
        var magnitude: Int64 = 0
        var overflow = false
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) { throw error("leading zero in a number") }
        } else {
            while index < bytes.count, isDigit(bytes[index]) {
                let digit = Int64(bytes[index] - UInt8(ascii: "0"))
                let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (next, o2) = times10.subtractingReportingOverflow(digit)
                overflow = overflow || o1 || o2
                magnitude = next
                index += 1
            }
        }
        var isInteger = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw error("expected a digit after '.'") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard index < bytes.count, isDigit(bytes[index]) else { throw error("expected a digit in an exponent") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if isInteger && !overflow {
            if negative { return .integer(magnitude) }
            if magnitude != .min { return .integer(-magnitude) }
        }
        // The grammar above accepted only ASCII, which Double's own parser reads the same way (and correctly
        // rounded); it answers nil for nothing the grammar lets through.
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let double = Double(text) else { throw JSONParseError(reason: "unreadable number", offset: start) }
        guard double.isFinite else { throw JSONParseError(reason: "number out of range", offset: start) }
        // Foundation's decoder read a whole number as an integer whatever its spelling (`1.0`, `1e2`).
        if let integer = Int64(exactly: double) { return .integer(integer) }
        return .double(double)
    }

    // MARK: Helpers

    private func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): index += 1
            default: return
            }
        }
    }

    /// Consumes `byte` when it is next; throws at the end of input, where every caller needs more.
    private mutating func consume(_ byte: UInt8) throws(JSONParseError) -> Bool {
        guard index < bytes.count else { throw error("unexpected end of input") }
        guard bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func expect(literal: StaticString) throws(JSONParseError) {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw error("unexpected end of input") }
        for offset in 0..<count where bytes[index + offset] != literal.utf8Start[offset] {
            throw error("invalid literal")
        }
        index += count
    }

    private func error(_ reason: String) -> JSONParseError {
        JSONParseError(reason: reason, offset: index)
    }
}
