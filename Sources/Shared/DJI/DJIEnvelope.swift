/// A decoded DJI message: the envelope fields every topic shares (reference §3), with `data` kept as generic JSON
/// for the second decoding stage (reference §0.1 "Parse in two stages").
///
/// Decoding is lenient because devices and DJI's own examples disagree on types: numbers arrive as strings or
/// floats, `data` is an object, an array (`airsense_warning`), `""` (the demo's empty service data) or `null`,
/// and DJI examples carry the typo key `"timestamp:"`. Unknown keys are kept in `raw` and otherwise ignored.
public struct DJIEnvelope: Sendable, Hashable {
    /// Transaction id; a number is read as its decimal text (`123` → `"123"`) so it still correlates.
    public var tid: String?
    /// Business id; read like `tid`.
    public var bid: String?
    /// Send time in ms since the epoch, from an int, float or numeric string; `"timestamp:"` when `timestamp`
    /// is missing or unreadable.
    public var timestamp: Int64?
    public var method: String?
    /// The payload. Absent, `null` and `""` all become `.object([:])`: DJI's tables write "Data: null", the demo
    /// sends `""` and devices send `{}` for the same "no data", so later stages see one shape for it. Any other
    /// value (array, number, non-empty string) is kept as it came; `raw` always holds the original.
    public var data: JSONValue
    public var gateway: String?
    /// True when `need_reply` is 1, `true`, `"1"` or `"true"` (any non-zero number counts: answering a message
    /// that did not need it is harmless, reference §7, while not answering one that did makes the dock retry).
    public var needReply: Bool
    /// DRC sequence number (top level only; the deprecated `drone_control` puts it inside `data`).
    public var seq: Int64?
    /// The whole message as received.
    public var raw: JSONValue

    /// Decodes one MQTT payload.
    ///
    /// - Throws: `DJIDecodingError` only when the bytes are empty, not UTF-8, not JSON, or JSON whose top
    ///   level is not an object.
    public init(decoding bytes: some Collection<UInt8>) throws(DJIDecodingError) {
        guard !bytes.isEmpty else { throw DJIDecodingError(reason: "empty payload") }
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            // The reference (§1) fixes the payload as UTF-8 JSON. The parser validates UTF-8 itself (inside
            // strings; any other non-ASCII byte is a syntax error), so the whole payload is only checked again
            // here, to give the precise reason, when it failed.
            if String(validating: bytes, as: UTF8.self) == nil { throw DJIDecodingError(reason: "not valid UTF-8") }
            throw DJIDecodingError(reason: "not JSON")
        }
        guard case .object(let object) = value else {
            throw DJIDecodingError(reason: "not a JSON object (top level is \(value.kindName))")
        }
        tid = DJILenient.string(object["tid"])
        bid = DJILenient.string(object["bid"])
        timestamp = DJILenient.int64(object["timestamp"]) ?? DJILenient.int64(object["timestamp:"])
        method = DJILenient.string(object["method"])
        data = Self.normalizedData(object["data"])
        gateway = DJILenient.string(object["gateway"])
        needReply = DJILenient.bool(object["need_reply"]) ?? false
        seq = DJILenient.int64(object["seq"])
        raw = value
    }

    private static func normalizedData(_ data: JSONValue?) -> JSONValue {
        switch data {
        case nil, .null, .string(""): .object([:])
        case let data?: data
        }
    }
}

extension JSONValue {
    /// The JSON type's name, for error messages.
    fileprivate var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a bool"
        case .integer, .double: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
