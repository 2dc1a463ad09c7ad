/// A value that can be a bind parameter of a ``PostgresQuery``.
public protocol PostgresEncodable: Sendable {
    /// The type OID sent when the value is NULL (an optional interpolated as `nil`).
    static var postgresType: UInt32 { get }
    /// The value's text form and type OID.
    var postgresBind: PostgresBind { get }
}

extension PostgresEncodable {
    /// Unless a type says otherwise, a NULL of it lets the server infer the type from the statement.
    public static var postgresType: UInt32 { PostgresDataType.unspecified }
}

/// A value that can be read from a result column in PostgreSQL's text format.
public protocol PostgresDecodable {
    /// Reads a non-NULL column value.
    ///
    /// - Parameters:
    ///   - postgresText: the column's text form, as the server's output function wrote it.
    ///   - columnType: the column's type OID (see ``PostgresDataType``).
    /// - Throws: any error when the text is not a valid value; ``PostgresRow`` wraps it in a
    ///   ``PostgresError`` of kind `.decoding` that names the column and the expected type.
    init(postgresText: String, columnType: UInt32) throws
}

/// A value that is both a bind parameter and a column value.
public typealias PostgresCodable = PostgresEncodable & PostgresDecodable

// An enum backed by a storable raw value (a status stored as text, say) only has to declare the conformance.
extension PostgresEncodable where Self: RawRepresentable, RawValue: PostgresEncodable {
    public static var postgresType: UInt32 { RawValue.postgresType }
    public var postgresBind: PostgresBind { rawValue.postgresBind }
}

extension PostgresDecodable where Self: RawRepresentable, RawValue: PostgresDecodable {
    public init(postgresText: String, columnType: UInt32) throws {
        let rawValue = try RawValue(postgresText: postgresText, columnType: columnType)
        guard let value = Self(rawValue: rawValue) else {
            throw PostgresError(kind: .decoding, message: "\(rawValue) is not a valid \(Self.self)")
        }
        self = value
    }
}
