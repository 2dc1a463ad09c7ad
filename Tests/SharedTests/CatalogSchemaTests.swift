import Testing

@testable import Shared

/// The JSON Schema the catalog serves, the command-types item, and dock models.
@Suite struct CatalogSchemaTests {
    @Test func servesLiveStartPushAsJSONSchema() throws {
        let schema = try #require(CommandCatalog.entry("live_start_push")).payloadSchema.jsonSchema
        #expect(schema["required"] == .array(["url_type", "url", "video_id", "video_quality"].map(JSONValue.string)))
        let urlType = try #require(schema["properties"]?["url_type"])
        #expect(urlType["type"] == .string("integer"))
        #expect(urlType["enum"] == .array([0, 1, 3, 4].map(JSONValue.integer)))
        #expect(urlType["description"]?.stringValue?.contains("RTMP") == true)
        let quality = try #require(schema["properties"]?["video_quality"])
        #expect(quality["minimum"] == .integer(0))
        #expect(quality["maximum"] == .integer(4))
        let videoID = try #require(schema["properties"]?["video_id"])
        #expect(videoID["pattern"] == .string("^[^/]+/[^/]+/[^/]+$"))
        #expect(videoID["minLength"] == .integer(1))
    }

    @Test func servesConditionalRequirementsAsIfThen() throws {
        let schema = try #require(CommandCatalog.entry("flighttask_prepare")).payloadSchema.jsonSchema
        let conditions = try #require(schema["allOf"])
        guard case .array(let items) = conditions else {
            Issue.record("allOf is not an array")
            return
        }
        #expect(items.count == 2)
        #expect(items.first?["if"]?["properties"]?["task_type"]?["enum"] == .array([.integer(0), .integer(1)]))
        #expect(items.first?["then"]?["required"] == .array([.string("execute_time")]))
        #expect(schema["properties"]?["file"]?["required"] == .array([.string("url"), .string("fingerprint")]))
    }

    @Test func servesArraysAndByteLimits() throws {
        let undo = try #require(CommandCatalog.entry("flighttask_undo")).payloadSchema.jsonSchema
        let flightIDs = try #require(undo["properties"]?["flight_ids"])
        #expect(flightIDs["type"] == .string("array"))
        #expect(flightIDs["items"]?["type"] == .string("string"))
        #expect(flightIDs["minItems"] == .integer(1))
        let psdk = try #require(CommandCatalog.entry("custom_data_transmission_to_psdk")).payloadSchema.jsonSchema
        #expect(psdk["properties"]?["value"]?["maxLength"] == .integer(255))
    }

    @Test func buildsTheCommandTypesItemOfTheAPI() throws {
        let item = try #require(CommandCatalog.entry("cover_open")).catalogItem
        #expect(item["command_type"] == .string("cover_open"))
        #expect(item["category"] == .string("debug"))
        #expect(item["long_running"] == .bool(true))
        #expect(item["progress_event_methods"] == .array([.string("cover_open")]))
        #expect(item["supported_models"] == .array(["DJI Dock", "DJI Dock 2", "DJI Dock 3"].map(JSONValue.string)))
        #expect(item["description"]?.stringValue?.isEmpty == false)
        let schema = try #require(item["payload_schema"])
        #expect(schema["$schema"] == .string("https://json-schema.org/draft/2020-12/schema"))
        #expect(schema["title"] == .string("cover_open"))
        #expect(schema["type"] == .string("object"))
        let drc = try #require(CommandCatalog.entry("drc_mode_enter")).catalogItem
        #expect(drc["supported_models"] == .array(["DJI Dock 2", "DJI Dock 3"].map(JSONValue.string)))
        #expect(drc["long_running"] == .bool(false))
    }

    @Test(arguments: [("3-1-0", DockModel.dock1), ("3-2-0", .dock2), ("3-3-0", .dock3)])
    func readsTheDockOfAModelKey(key: String, model: DockModel) {
        #expect(DockModel(modelKey: key) == model)
        #expect(model.modelKey == key)
        #expect(DJIModel.name(forKey: key) == model.rawValue)
    }

    @Test(arguments: ["3-4-0", "0-100-1", "2-119-0", "", "3-1", "3-1-0 "])
    func knowsNoDockForOtherModelKeys(key: String) {
        #expect(DockModel(modelKey: key) == nil)
    }
}
