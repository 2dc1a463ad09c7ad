import Foundation
import Shared

/// Payloads built from a schema, so every catalog entry is tested without a hand-written payload per method (by
/// the catalog's own tests and by the API's).
extension PayloadSchema {
    /// The smallest valid value: required properties only (plus those a condition requires), the first enum
    /// value, the lower bound, the fewest array items.
    public var minimalExample: JSONValue { example(includeOptional: false) }

    /// A valid value with every property, optional ones too, and at least one item per array.
    public var fullExample: JSONValue { example(includeOptional: true) }

    private func example(includeOptional: Bool) -> JSONValue {
        switch self {
        case .object(let properties, let conditions):
            var members: [String: JSONValue] = [:]
            for property in properties where property.isRequired || includeOptional {
                members[property.name] = property.schema.example(includeOptional: includeOptional)
            }
            for name in Self.conditionallyRequired(conditions, members) {
                guard let property = properties.first(where: { $0.name == name }) else { continue }
                members[name] = property.schema.example(includeOptional: includeOptional)
            }
            return .object(members)
        case .integer(let minimum, let maximum, let enumValues):
            return .integer(enumValues?.first ?? minimum ?? maximum.map { Swift.min($0, 0) } ?? 0)
        case .number(let minimum, let maximum):
            return .double(minimum ?? maximum.map { Swift.min($0, 0) } ?? 0)
        case .string(let rules):
            if let value = rules.enumValues?.first ?? rules.pattern?.example { return .string(value) }
            return .string(String(repeating: "x", count: Swift.max(rules.minLength ?? 0, 1)))
        case .boolean:
            return .bool(true)
        case .array(let items, let minItems, _):
            let count = Swift.max(minItems ?? 0, includeOptional ? 1 : 0)
            return .array(Array(repeating: items.example(includeOptional: includeOptional), count: count))
        }
    }

    /// The properties the conditions require for these members.
    public static func conditionallyRequired(_ conditions: [Condition], _ members: [String: JSONValue]) -> [String] {
        conditions.filter { condition in
            members[condition.field].flatMap(wholeNumber).map(condition.values.contains) ?? false
        }
        .flatMap(\.required)
    }
}

/// A JSON number without a fraction, as the schema's integers are read.
private func wholeNumber(_ value: JSONValue) -> Int64? {
    switch value {
    case .integer(let integer): integer
    case .double(let double): Int64(exactly: double)
    default: nil
    }
}

/// One way to break a valid payload, and the field the problem must name.
public struct BrokenPayload: Sendable, CustomStringConvertible {
    public var payload: JSONValue
    public var field: String
    public var description: String { field }
}

extension PayloadSchema {
    /// `example` without one required key, for every required key at any depth (inside objects and array items).
    public func missingRequiredKeys(in example: JSONValue, path: String = "payload") -> [BrokenPayload] {
        walk(example, path: path) { property, isRequired, members, propertyPath in
            guard isRequired else { return [] }
            var without = members
            without[property.name] = nil
            return [BrokenPayload(payload: .object(without), field: propertyPath)]
        }
    }

    /// `example` with one present value replaced by a value of the wrong JSON type, for every value at any depth.
    public func wrongTypes(in example: JSONValue, path: String = "payload") -> [BrokenPayload] {
        walk(example, path: path) { property, _, members, propertyPath in
            var replaced = members
            replaced[property.name] = property.schema.wrongTypeValue
            return [BrokenPayload(payload: .object(replaced), field: propertyPath)]
        }
    }

    /// A value no schema of this kind accepts (no integer is a string, no string is an integer, …).
    public var wrongTypeValue: JSONValue {
        switch self {
        case .object, .array, .boolean: .integer(1)
        case .integer, .number: .string("1")
        case .string: .integer(1)
        }
    }

    /// Calls `breakMember` for every present property of every object in `example` and puts each broken object
    /// back into the whole payload.
    private func walk(
        _ example: JSONValue, path: String,
        breakMember: (Property, Bool, [String: JSONValue], String) -> [BrokenPayload]
    ) -> [BrokenPayload] {
        switch (self, example) {
        case (.object(let properties, let conditions), .object(let members)):
            let conditional = Self.conditionallyRequired(conditions, members)
            var broken: [BrokenPayload] = []
            for property in properties {
                guard let member = members[property.name] else { continue }
                let propertyPath = "\(path).\(property.name)"
                let isRequired = property.isRequired || conditional.contains(property.name)
                broken += breakMember(property, isRequired, members, propertyPath)
                for inner in property.schema.walk(member, path: propertyPath, breakMember: breakMember) {
                    var replaced = members
                    replaced[property.name] = inner.payload
                    broken.append(BrokenPayload(payload: .object(replaced), field: inner.field))
                }
            }
            return broken
        case (.array(let items, _, _), .array(let elements)):
            var broken: [BrokenPayload] = []
            for (index, element) in elements.enumerated() {
                for inner in items.walk(element, path: "\(path)[\(index)]", breakMember: breakMember) {
                    var replaced = elements
                    replaced[index] = inner.payload
                    broken.append(BrokenPayload(payload: .array(replaced), field: inner.field))
                }
            }
            return broken
        default:
            return []
        }
    }
}
