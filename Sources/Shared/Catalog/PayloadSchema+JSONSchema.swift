import Foundation

extension PayloadSchema {
    /// This schema as JSON Schema draft 2020-12, e.g. `{"type":"integer","enum":[0,1,3,4]}`. Property descriptions
    /// go into each property's schema as `description`.
    public var jsonSchema: JSONValue {
        .object(jsonSchemaMembers)
    }

    var jsonSchemaMembers: [String: JSONValue] {
        var members: [String: JSONValue] = [:]
        switch self {
        case .object(let properties, let conditions):
            members["type"] = .string("object")
            var schemas: [String: JSONValue] = [:]
            for property in properties {
                var schema = property.schema.jsonSchemaMembers
                schema["description"] = .string(property.description)
                schemas[property.name] = .object(schema)
            }
            members["properties"] = .object(schemas)
            let required = properties.filter(\.isRequired).map(\.name)
            if !required.isEmpty { members["required"] = .array(required.map(JSONValue.string)) }
            // Stated although it is JSON Schema's default: integrators should know extra keys pass through.
            members["additionalProperties"] = .bool(true)
            if !conditions.isEmpty { members["allOf"] = .array(conditions.map(\.jsonSchema)) }
        case .integer(let minimum, let maximum, let enumValues):
            members["type"] = .string("integer")
            members["minimum"] = minimum.map(JSONValue.integer)
            members["maximum"] = maximum.map(JSONValue.integer)
            members["enum"] = enumValues.map { .array($0.map(JSONValue.integer)) }
        case .number(let minimum, let maximum):
            members["type"] = .string("number")
            members["minimum"] = minimum.map(JSONValue.double)
            members["maximum"] = maximum.map(JSONValue.double)
        case .string(let rules):
            members["type"] = .string("string")
            members["minLength"] = rules.minLength.map { .integer(Int64($0)) }
            // A UTF-8 byte limit is also a character limit (see `StringRules.maxUTF8Bytes`).
            members["maxLength"] = (rules.maxLength ?? rules.maxUTF8Bytes).map { .integer(Int64($0)) }
            members["enum"] = rules.enumValues.map { .array($0.map(JSONValue.string)) }
            members["pattern"] = rules.pattern.map { .string($0.regex) }
            members["examples"] = rules.pattern.map { .array([.string($0.example)]) }
        case .boolean:
            members["type"] = .string("boolean")
        case .array(let items, let minItems, let maxItems):
            members["type"] = .string("array")
            members["items"] = items.jsonSchema
            members["minItems"] = minItems.map { .integer(Int64($0)) }
            members["maxItems"] = maxItems.map { .integer(Int64($0)) }
        }
        return members
    }
}

extension PayloadSchema.Condition {
    /// `{"if": {"properties": {field: {"enum": values}}, "required": [field]}, "then": {"required": [...]}}`.
    var jsonSchema: JSONValue {
        .object([
            "if": .object([
                "properties": .object([field: .object(["enum": .array(values.map(JSONValue.integer))])]),
                "required": .array([.string(field)]),
            ]),
            "then": .object(["required": .array(required.map(JSONValue.string))]),
        ])
    }
}
