import Foundation
import TestSupport
import Testing

@testable import Shared

/// Properties every catalog entry must have, checked entry by entry.
@Suite struct CatalogEntryTests {
    static let methods = CommandCatalog.all.map(\.method)

    private func entry(_ method: String) throws -> CommandType {
        try #require(CommandCatalog.entry(method))
    }

    @Test(arguments: methods)
    func acceptsTheMinimalAndTheFullExamplePayload(method: String) throws {
        let schema = try entry(method).payloadSchema
        #expect(schema.validate(schema.minimalExample) == nil)
        #expect(schema.validate(schema.fullExample) == nil)
    }

    @Test(arguments: methods)
    func rejectsAPayloadMissingARequiredFieldNamingExactlyThatField(method: String) throws {
        let schema = try entry(method).payloadSchema
        for example in [schema.minimalExample, schema.fullExample] {
            for broken in schema.missingRequiredKeys(in: example) {
                let problem = try #require(schema.validate(broken.payload), "\(broken.field) removed")
                #expect(problem.field == broken.field)
                #expect(problem.message.hasPrefix("\(broken.field) is required"))
            }
        }
    }

    @Test(arguments: methods)
    func rejectsAValueOfTheWrongTypeNamingExactlyThatField(method: String) throws {
        let schema = try entry(method).payloadSchema
        for broken in schema.wrongTypes(in: schema.fullExample) {
            let problem = try #require(schema.validate(broken.payload), "\(broken.field) of the wrong type")
            #expect(problem.field == broken.field)
            #expect(problem.message.hasPrefix("\(broken.field) must be "))
        }
    }

    @Test(arguments: methods)
    func requiresAnObjectPayload(method: String) throws {
        let schema = try entry(method).payloadSchema
        for payload: JSONValue in [.string("x"), .integer(1), .array([]), .bool(true)] {
            #expect(schema.validate(payload) == PayloadProblem(field: "payload", message: "payload must be an object"))
        }
    }

    @Test(arguments: methods)
    func acceptsNullOnlyForMethodsWithoutData(method: String) throws {
        let command = try entry(method)
        guard case .object(let properties, _) = command.payloadSchema else {
            Issue.record("\(method): the payload schema is not an object")
            return
        }
        let problem = command.payloadSchema.validate(.null)
        #expect((problem == nil) == properties.isEmpty)
        if properties.isEmpty { #expect(command.wireData(for: .null) == .object([:])) }
    }

    @Test(arguments: methods)
    func servesAnObjectJSONSchemaWithItsRequiredFields(method: String) throws {
        let command = try entry(method)
        let schema = command.payloadSchema.jsonSchema
        #expect(schema["type"] == .string("object"))
        #expect(schema["additionalProperties"] == .bool(true))
        guard case .object(let properties, _) = command.payloadSchema else { return }
        let required = properties.filter(\.isRequired).map { JSONValue.string($0.name) }
        #expect(schema["required"] == (required.isEmpty ? nil : .array(required)))
        #expect(schema["properties"]?.objectValue?.count == properties.count)
    }

    @Test(arguments: methods)
    func isDescribedAndSupportedByAtLeastOneDock(method: String) throws {
        let command = try entry(method)
        #expect(!command.description.isEmpty)
        #expect(command.description.hasSuffix("."))
        #expect(!command.supportedModels.isEmpty)
        #expect(command.longRunning == !command.progressEventMethods.isEmpty)
    }

    @Test func methodNamesAreUnique() {
        #expect(Set(Self.methods).count == Self.methods.count)
    }

    @Test func entriesAreOrderedByCategoryThenMethod() {
        let keys = CommandCatalog.all.map { [$0.category, $0.method] }
        #expect(keys == keys.sorted { $0.lexicographicallyPrecedes($1) })
    }

    @Test func looksEntriesUpByMethod() throws {
        #expect(try entry("live_start_push").category == "live")
        #expect(CommandCatalog.entry("no_such_method") == nil)
        #expect(CommandCatalog.entry("LIVE_START_PUSH") == nil)
    }

    @Test func everyPropertyIsDescribed() {
        func undescribed(_ schema: PayloadSchema, _ path: String) -> [String] {
            switch schema {
            case .object(let properties, _):
                properties.flatMap { property in
                    (property.description.isEmpty ? ["\(path).\(property.name)"] : [])
                        + undescribed(property.schema, "\(path).\(property.name)")
                }
            case .array(let items, _, _): undescribed(items, "\(path)[]")
            default: []
            }
        }
        let missing = CommandCatalog.all.flatMap { undescribed($0.payloadSchema, $0.method) }
        #expect(missing.isEmpty)
    }

    @Test func everyPatternCompilesAndMatchesItsExample() {
        func patterns(_ schema: PayloadSchema) -> [PayloadSchema.Pattern] {
            switch schema {
            case .object(let properties, _): properties.flatMap { patterns($0.schema) }
            case .array(let items, _, _): patterns(items)
            case .string(let rules): rules.pattern.map { [$0] } ?? []
            default: []
            }
        }
        for pattern in Set(CommandCatalog.all.flatMap { patterns($0.payloadSchema) }) {
            #expect((try? Regex(pattern.regex)) != nil, "\(pattern.regex)")
            #expect(pattern.matches(pattern.example), "\(pattern.example) against \(pattern.regex)")
            #expect(!pattern.matches(""))
        }
    }
}
