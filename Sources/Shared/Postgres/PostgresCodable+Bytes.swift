import Foundation

// bytea travels in hex format (`\x` followed by two hex digits a byte), the default `bytea_output`
// since PostgreSQL 9.0 and the one PostgresConnection sets for every session. Only `Data` conforms: a
// conformance of `[UInt8]` would be Array's one conformance and rule out PostgreSQL arrays later.

extension Data: PostgresCodable {
    public static var postgresType: UInt32 { PostgresDataType.bytea }
    public var postgresBind: PostgresBind { PostgresBind(text: byteaHexText(self), type: Self.postgresType) }

    public init(postgresText: String, columnType: UInt32) throws {
        self = try bytesFromByteaHexText(postgresText)
    }
}

private let hexDigits = Array("0123456789abcdef".utf8)

private func byteaHexText(_ bytes: some Collection<UInt8>) -> String {
    var utf8: [UInt8] = [UInt8(ascii: "\\"), UInt8(ascii: "x")]
    utf8.reserveCapacity(2 + 2 * bytes.count)
    for byte in bytes {
        utf8.append(hexDigits[Int(byte >> 4)])
        utf8.append(hexDigits[Int(byte & 0x0f)])
    }
    return String(decoding: utf8, as: UTF8.self)
}

private func bytesFromByteaHexText(_ text: String) throws -> Data {
    let utf8 = Array(text.utf8)
    guard utf8.count >= 2, utf8[0] == UInt8(ascii: "\\"), utf8[1] == UInt8(ascii: "x"), utf8.count % 2 == 0 else {
        throw PostgresError(kind: .decoding, message: "not bytea in hex format (\\x...)")
    }
    var bytes = Data()
    bytes.reserveCapacity((utf8.count - 2) / 2)
    var index = 2
    while index < utf8.count {
        guard let high = hexValue(utf8[index]), let low = hexValue(utf8[index + 1]) else {
            throw PostgresError(kind: .decoding, message: "not bytea in hex format (\\x...)")
        }
        bytes.append(high << 4 | low)
        index += 2
    }
    return bytes
}

private func hexValue(_ digit: UInt8) -> UInt8? {
    switch digit {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
    default: nil
    }
}
