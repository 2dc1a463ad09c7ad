/// One bind parameter of a ``PostgresQuery``: the value's text form (`nil` is SQL NULL) and its type OID.
///
/// Parameters travel in PostgreSQL's text format, so the server parses them with the type's own input
/// function; the OID tells it which one, so `$1` needs no cast in the SQL.
public struct PostgresBind: Sendable, Hashable {
    /// The value as PostgreSQL's input function for `type` reads it; `nil` means NULL.
    public var text: String?
    /// The parameter's type OID (see ``PostgresDataType``); `0` lets the server infer it from the statement.
    public var type: UInt32

    public init(text: String?, type: UInt32) {
        self.text = text
        self.type = type
    }

    /// SQL NULL of the given type.
    public static func null(type: UInt32) -> PostgresBind {
        PostgresBind(text: nil, type: type)
    }
}

/// The OIDs of the built-in types this client encodes and decodes (from `pg_type.dat`; they never change).
public enum PostgresDataType {
    /// Lets the server infer the parameter's type from where it is used.
    public static let unspecified: UInt32 = 0
    public static let bool: UInt32 = 16
    public static let bytea: UInt32 = 17
    public static let int8: UInt32 = 20
    public static let int2: UInt32 = 21
    public static let int4: UInt32 = 23
    public static let text: UInt32 = 25
    public static let json: UInt32 = 114
    public static let float4: UInt32 = 700
    public static let float8: UInt32 = 701
    public static let varchar: UInt32 = 1043
    public static let timestamp: UInt32 = 1114
    public static let timestamptz: UInt32 = 1184
    public static let numeric: UInt32 = 1700
    public static let uuid: UInt32 = 2950
    public static let jsonb: UInt32 = 3802
}
