import Foundation

extension PayloadSchema {
    /// Checks `value` against this schema and returns the first problem, or nil when it is valid. Objects are
    /// checked property by property in declaration order (a missing required property, then the property's own
    /// value), then their conditions; arrays element by element. `path` names `value` in the problem
    /// (`payload`, `payload.file`, `payload.flight_ids[1]`).
    public func validate(_ value: JSONValue, path: String = "payload") -> PayloadProblem? {
        switch self {
        case .object(let properties, let conditions):
            return validateObject(value, properties: properties, conditions: conditions, path: path)
        case .integer(let minimum, let maximum, let enumValues):
            guard let integer = value.exactInteger else { return problem(path) }
            if let enumValues, !enumValues.contains(integer) { return problem(path, constraint: true) }
            if let minimum, integer < minimum { return problem(path, constraint: true) }
            if let maximum, integer > maximum { return problem(path, constraint: true) }
            return nil
        case .number(let minimum, let maximum):
            guard let number = value.anyNumber else { return problem(path) }
            if let minimum, number < minimum { return problem(path, constraint: true) }
            if let maximum, number > maximum { return problem(path, constraint: true) }
            return nil
        case .string(let rules):
            guard case .string(let string) = value else { return problem(path) }
            return rules.validate(string, path: path)
        case .boolean:
            guard case .bool = value else { return problem(path) }
            return nil
        case .array(let items, let minItems, let maxItems):
            guard case .array(let elements) = value else { return problem(path) }
            if let minItems, elements.count < minItems { return problem(path, constraint: true) }
            if let maxItems, elements.count > maxItems { return problem(path, constraint: true) }
            for (index, element) in elements.enumerated() {
                if let problem = items.validate(element, path: "\(path)[\(index)]") { return problem }
            }
            return nil
        }
    }

    private func validateObject(
        _ value: JSONValue, properties: [Property], conditions: [Condition], path: String
    ) -> PayloadProblem? {
        let members: [String: JSONValue]
        switch value {
        case .object(let object): members = object
        // Data `{}` may come as null (an absent payload): DJI's tables say "Data: null" (reference §3).
        case .null where properties.isEmpty: members = [:]
        default: return problem(path)
        }
        for property in properties {
            let propertyPath = "\(path).\(property.name)"
            guard let member = members[property.name] else {
                if property.isRequired {
                    return PayloadProblem(field: propertyPath, message: "\(propertyPath) is required")
                }
                continue
            }
            if let problem = property.schema.validate(member, path: propertyPath) { return problem }
        }
        for condition in conditions {
            // The condition's field was validated above, so a present value is an integer of its schema.
            guard let selector = members[condition.field]?.exactInteger, condition.values.contains(selector)
            else { continue }
            for name in condition.required where members[name] == nil {
                let propertyPath = "\(path).\(name)"
                let values = condition.values.map(String.init).joined(separator: " or ")
                return PayloadProblem(
                    field: propertyPath, message: "\(propertyPath) is required when \(condition.field) is \(values)")
            }
        }
        return nil
    }

    /// "`path` must be …": what a wrong type must be instead, or (`constraint`) what a value of the right type
    /// must satisfy. One sentence per schema, so an integrator reads the whole rule whatever they got wrong.
    private func problem(_ path: String, constraint: Bool = false) -> PayloadProblem {
        PayloadProblem(field: path, message: "\(path) must be \(expectation(typeMismatch: !constraint))")
    }

    /// "an integer from 0 to 4", "one of 0, 1, 3, 4", "an array of strings with at least 1 item".
    func expectation(typeMismatch: Bool) -> String {
        switch self {
        case .object: return "an object"
        case .integer(let minimum, let maximum, let enumValues):
            if let enumValues, enumValues.count == 1 {
                return typeMismatch ? "the integer \(enumValues[0])" : String(enumValues[0])
            }
            if let enumValues {
                let list = enumValues.map(String.init).joined(separator: ", ")
                return typeMismatch ? "an integer, one of \(list)" : "one of \(list)"
            }
            return "an integer" + Self.rangeText(minimum.map(String.init), maximum.map(String.init))
        case .number(let minimum, let maximum):
            return "a number" + Self.rangeText(minimum.map(Self.format), maximum.map(Self.format))
        case .string(let rules): return rules.expectation(typeMismatch: typeMismatch)
        case .boolean: return "true or false"
        case .array(let items, let minItems, let maxItems):
            return "an array of \(items.pluralName)" + Self.countText(minItems, maxItems)
        }
    }

    private var pluralName: String {
        switch self {
        case .object: "objects"
        case .integer: "integers"
        case .number: "numbers"
        case .string: "strings"
        case .boolean: "booleans"
        case .array: "arrays"
        }
    }

    private static func rangeText(_ minimum: String?, _ maximum: String?) -> String {
        switch (minimum, maximum) {
        case (let minimum?, let maximum?): " from \(minimum) to \(maximum)"
        case (let minimum?, nil): " of at least \(minimum)"
        case (nil, let maximum?): " of at most \(maximum)"
        case (nil, nil): ""
        }
    }

    private static func countText(_ minItems: Int?, _ maxItems: Int?) -> String {
        func items(_ count: Int) -> String { count == 1 ? "1 item" : "\(count) items" }
        switch (minItems, maxItems) {
        case (let minItems?, let maxItems?) where minItems == maxItems: return " with exactly \(items(minItems))"
        case (let minItems?, let maxItems?): return " with \(minItems) to \(items(maxItems))"
        case (let minItems?, nil): return " with at least \(items(minItems))"
        case (nil, let maxItems?): return " with at most \(items(maxItems))"
        case (nil, nil): return ""
        }
    }

    /// `90` rather than `90.0` for whole bounds.
    static func format(_ number: Double) -> String {
        if let integer = Int64(exactly: number) { return String(integer) }
        return String(number)
    }
}

extension PayloadSchema.StringRules {
    func validate(_ string: String, path: String) -> PayloadProblem? {
        func problem(_ rule: String) -> PayloadProblem { PayloadProblem(field: path, message: "\(path) \(rule)") }
        if let enumValues, !enumValues.contains(string) {
            return problem("must be \(expectation(typeMismatch: false))")
        }
        let length = string.unicodeScalars.count
        if let minLength, length < minLength {
            return problem(minLength == 1 ? "must not be empty" : "must be at least \(minLength) characters long")
        }
        if let maxLength, length > maxLength { return problem("must be at most \(maxLength) characters long") }
        if let maxUTF8Bytes, string.utf8.count > maxUTF8Bytes {
            return problem("must be at most \(maxUTF8Bytes) bytes long in UTF-8")
        }
        if let pattern, !pattern.matches(string) { return problem("must be \(pattern.meaning)") }
        return nil
    }

    func expectation(typeMismatch: Bool) -> String {
        guard let enumValues else { return "a string" }
        if enumValues.count == 1 { return typeMismatch ? "the string \"\(enumValues[0])\"" : "\"\(enumValues[0])\"" }
        let list = enumValues.map { "\"\($0)\"" }.joined(separator: ", ")
        return typeMismatch ? "a string, one of \(list)" : "one of \(list)"
    }
}

extension PayloadSchema.Pattern {
    /// Searches like JSON Schema's `pattern`; the catalog's patterns are anchored. A pattern that does not
    /// compile matches nothing, so the mistake shows as a rejected payload (and fails the catalog's tests)
    /// instead of letting everything through.
    func matches(_ string: String) -> Bool {
        guard let regex = try? Regex(regex) else { return false }
        return string.firstMatch(of: regex) != nil
    }
}

extension JSONValue {
    /// The value as an integer when it is a JSON number without a fractional part (see `PayloadSchema`).
    var exactInteger: Int64? {
        switch self {
        case .integer(let integer): integer
        case .double(let double): Int64(exactly: double)
        default: nil
        }
    }

    var anyNumber: Double? {
        switch self {
        case .integer(let integer): Double(integer)
        case .double(let double): double
        default: nil
        }
    }
}
