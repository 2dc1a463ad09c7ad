import Foundation

/// Short constructors that keep catalog entries readable:
/// `.object([.required("video_quality", .int(0...4), "…")])`.
extension PayloadSchema {
    static func object(_ properties: [Property], requiredWhen: [Condition] = []) -> PayloadSchema {
        .object(properties: properties, requiredWhen: requiredWhen)
    }

    /// The data of a method that takes none (`{}`, reference §3).
    static let empty: PayloadSchema = .object([])

    static let int: PayloadSchema = .integer(minimum: nil, maximum: nil, enumValues: nil)

    static func int(_ range: ClosedRange<Int64>) -> PayloadSchema {
        .integer(minimum: range.lowerBound, maximum: range.upperBound, enumValues: nil)
    }

    static func int(atLeast minimum: Int64) -> PayloadSchema {
        .integer(minimum: minimum, maximum: nil, enumValues: nil)
    }

    /// A DJI `enum_int`.
    static func enumInt(_ values: [Int64]) -> PayloadSchema {
        .integer(minimum: nil, maximum: nil, enumValues: values)
    }

    /// A DJI `float`/`double`.
    static let double: PayloadSchema = .number(minimum: nil, maximum: nil)

    static func double(_ range: ClosedRange<Double>) -> PayloadSchema {
        .number(minimum: range.lowerBound, maximum: range.upperBound)
    }

    static let text: PayloadSchema = .string(StringRules())

    /// An id or a name the device looks something up by: an empty one can only be a mistake.
    static let nonEmptyText: PayloadSchema = .string(StringRules(minLength: 1))

    static func text(maxUTF8Bytes: Int) -> PayloadSchema {
        .string(StringRules(maxUTF8Bytes: maxUTF8Bytes))
    }

    static func text(matching pattern: Pattern) -> PayloadSchema {
        .string(StringRules(minLength: 1, pattern: pattern))
    }

    /// A DJI `enum_string`.
    static func enumText(_ values: [String]) -> PayloadSchema {
        .string(StringRules(enumValues: values))
    }

    static let bool: PayloadSchema = .boolean

    static func list(of items: PayloadSchema, count: ClosedRange<Int>) -> PayloadSchema {
        .array(items: items, minItems: count.lowerBound, maxItems: count.upperBound)
    }

    static func list(of items: PayloadSchema, atLeast minItems: Int) -> PayloadSchema {
        .array(items: items, minItems: minItems, maxItems: nil)
    }
}

extension PayloadSchema.Property {
    static func required(_ name: String, _ schema: PayloadSchema, _ description: String) -> Self {
        Self(name: name, schema: schema, isRequired: true, description: description)
    }

    static func optional(_ name: String, _ schema: PayloadSchema, _ description: String) -> Self {
        Self(name: name, schema: schema, isRequired: false, description: description)
    }
}
