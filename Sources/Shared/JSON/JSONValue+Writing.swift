extension JSONValue {
    /// Compact JSON text as UTF-8, written directly (no `JSONEncoder`), keys in no particular order.
    ///
    /// For text whose key order nobody sees, such as the batches the bridge sends to PostgreSQL as `jsonb`: the
    /// flush of 5,000 documents spent more on `JSONEncoder` (which builds a tree of its own and sorts every
    /// object) than on the SQL. Strings are escaped as RFC 8259 §7 requires; doubles are written with Swift's
    /// shortest round-trip form; a non-finite double, which parsed JSON cannot hold, is written as `null`.
    public var compactJSONBytes: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        write(into: &bytes)
        return bytes
    }

    /// ``compactJSONBytes`` as a string.
    public var compactJSONText: String { String(decoding: compactJSONBytes, as: UTF8.self) }

    /// Appends the compact JSON text of the value (see ``compactJSONBytes``).
    public func write(into bytes: inout [UInt8]) {
        switch self {
        case .null:
            bytes.append(contentsOf: "null".utf8)
        case .bool(let bool):
            bytes.append(contentsOf: bool ? "true".utf8 : "false".utf8)
        case .integer(let integer):
            bytes.append(contentsOf: String(integer).utf8)
        case .double(let double):
            if double.isFinite {
                bytes.append(contentsOf: double.description.utf8)
            } else {
                bytes.append(contentsOf: "null".utf8)
            }
        case .string(let string):
            Self.writeString(string, into: &bytes)
        case .array(let values):
            bytes.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                value.write(into: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let object):
            bytes.append(UInt8(ascii: "{"))
            var first = true
            for (key, value) in object {
                if !first { bytes.append(UInt8(ascii: ",")) }
                first = false
                Self.writeString(key, into: &bytes)
                bytes.append(UInt8(ascii: ":"))
                value.write(into: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    private static func writeString(_ string: String, into bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): bytes.append(contentsOf: #"\\"#.utf8)
            case UInt8(ascii: "\n"): bytes.append(contentsOf: #"\n"#.utf8)
            case UInt8(ascii: "\r"): bytes.append(contentsOf: #"\r"#.utf8)
            case UInt8(ascii: "\t"): bytes.append(contentsOf: #"\t"#.utf8)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: #"\u00"#.utf8)
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0xF)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
