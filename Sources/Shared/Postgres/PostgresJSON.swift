import Foundation

/// A JSON document stored in a `jsonb` column, kept as its raw text.
///
/// The text is bound as `jsonb`, so the server validates it; reading a `jsonb` column returns the server's
/// normalised text (key order and whitespace differ from what was written, the values do not).
public struct PostgresJSON: Sendable, Hashable {
    /// The raw JSON text.
    public var text: String

    public init(text: String) {
        self.text = text
    }

    /// Encodes `value` with `encoder` (a plain `JSONEncoder` unless given).
    public init<T: Encodable>(encoding value: T, encoder: JSONEncoder = JSONEncoder()) throws {
        self.text = String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Decodes the document with `decoder` (a plain `JSONDecoder` unless given).
    public func decode<T: Decodable>(_ type: T.Type, decoder: JSONDecoder = JSONDecoder()) throws -> T {
        try decoder.decode(type, from: Data(text.utf8))
    }
}

extension PostgresJSON: PostgresCodable {
    public static var postgresType: UInt32 { PostgresDataType.jsonb }
    public var postgresBind: PostgresBind { PostgresBind(text: text, type: Self.postgresType) }

    /// `json`, `jsonb` and text columns all have the document itself as their text form.
    public init(postgresText: String, columnType: UInt32) {
        self.text = postgresText
    }
}
