import Foundation

/// A `JSONValue` is stored as `jsonb`. Reading parses the server's text again; PostgreSQL keeps JSON numbers as
/// `numeric`, so integers come back as integers.
extension JSONValue: PostgresCodable {
    public static var postgresType: UInt32 { PostgresDataType.jsonb }
    public var postgresBind: PostgresBind { PostgresBind(text: jsonText, type: Self.postgresType) }

    public init(postgresText: String, columnType: UInt32) throws {
        guard let value = JSONValue(parsing: Array(postgresText.utf8)) else {
            throw PostgresError(kind: .decoding, message: "not a JSON document")
        }
        self = value
    }
}
