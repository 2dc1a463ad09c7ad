import Foundation

/// The subset of JSON Schema (draft 2020-12) that DJI `services` data needs: objects with required and
/// conditionally required properties, integers with a range or an enumeration, numbers with a range, strings
/// with an enumeration, lengths or a pattern, booleans, and arrays with a length.
///
/// One value both checks a payload (`validate(_:path:)`) and describes it (`jsonSchema`), so what
/// `GET /api/v1/open/downlink/command-types` serves is what `POST /api/v1/open/downlink/commands` enforces.
/// Rules shared by every schema, and why:
/// - Unknown keys are allowed everywhere: DJI adds fields between firmware versions and devices accept keys they
///   do not know (reference §3, "Devices add undocumented keys"; §5.2, a cloud sent `flight_ids` to
///   `flighttask_pause` and the dock accepted it). Rejecting them would block firmware features the catalog has
///   not caught up with.
/// - An integer is a JSON number without a fractional part. `1.0` is accepted as `1`: JSON Schema 2020-12 defines
///   `integer` that way, `JSONValue(parsing:)` already reads `1.0` as `.integer(1)`, and the payload is sent
///   re-encoded, so the dock sees `1`. `1.5` and `"1"` are rejected: strings that look like numbers are an uplink
///   leniency (reference §0.1), not something the cloud should send.
/// - `null` is a value, not an absent key: `{"url": null}` fails with the type message, as in JSON Schema.
/// - The one exception is a method whose data is `{}` (an object without properties): its payload may be `null`
///   (an absent payload), because DJI's tables say "Data: null" for these and the examples show both `{}` and
///   `null` (reference §3). Send `CommandType.wireData(for:)`, which turns it into `{}`, the safe choice.
public indirect enum PayloadSchema: Sendable, Hashable {
    /// An object; `properties` keep their declaration order, which is the order problems are reported in.
    case object(properties: [Property], requiredWhen: [Condition])
    /// A JSON integer, optionally within `minimum...maximum` or one of `enumValues`.
    case integer(minimum: Int64?, maximum: Int64?, enumValues: [Int64]?)
    /// Any JSON number, optionally within `minimum...maximum`.
    case number(minimum: Double?, maximum: Double?)
    case string(StringRules)
    case boolean
    case array(items: PayloadSchema, minItems: Int?, maxItems: Int?)

    /// One property of an object schema.
    public struct Property: Sendable, Hashable {
        public var name: String
        public var schema: PayloadSchema
        public var isRequired: Bool
        /// What the field means, with its unit and the meaning of each enumerated value, for integrators.
        public var description: String

        public init(name: String, schema: PayloadSchema, isRequired: Bool, description: String) {
            self.name = name
            self.schema = schema
            self.isRequired = isRequired
            self.description = description
        }
    }

    /// Properties that become required when an integer field holds one of some values: `flighttask_prepare`
    /// needs `execute_time` for `task_type` 0 or 1 and `ready_conditions` for 2 (reference §5.2). Served as
    /// `allOf: [{if: …, then: {required: …}}]`.
    public struct Condition: Sendable, Hashable {
        public var field: String
        public var values: [Int64]
        public var required: [String]

        public init(field: String, values: [Int64], required: [String]) {
            self.field = field
            self.values = values
            self.required = required
        }
    }

    /// The constraints of a string schema.
    public struct StringRules: Sendable, Hashable {
        /// In Unicode scalars, as JSON Schema counts.
        public var minLength: Int?
        public var maxLength: Int?
        /// A limit in UTF-8 bytes, where DJI gives one (`value` < 256 bytes, reference §5.10). JSON Schema has no
        /// byte keyword, so the served schema carries it as `maxLength` (necessary: a character is at least one
        /// byte) and in the description; the validator checks the bytes.
        public var maxUTF8Bytes: Int?
        public var enumValues: [String]?
        public var pattern: Pattern?

        public init(
            minLength: Int? = nil, maxLength: Int? = nil, maxUTF8Bytes: Int? = nil, enumValues: [String]? = nil,
            pattern: Pattern? = nil
        ) {
            self.minLength = minLength
            self.maxLength = maxLength
            self.maxUTF8Bytes = maxUTF8Bytes
            self.enumValues = enumValues
            self.pattern = pattern
        }
    }

    /// A regular expression a string must match, with what it means in words (for the problem message) and a
    /// value that matches (served as `examples`).
    public struct Pattern: Sendable, Hashable {
        /// ECMA-262 syntax that Swift's `Regex` also reads; anchored with `^…$` because JSON Schema's `pattern`
        /// searches anywhere in the string.
        public var regex: String
        /// Completes "payload.x must be …", e.g. "a payload index type-subtype-gimbalindex such as 99-0-0".
        public var meaning: String
        public var example: String

        public init(regex: String, meaning: String, example: String) {
            self.regex = regex
            self.meaning = meaning
            self.example = example
        }
    }
}
