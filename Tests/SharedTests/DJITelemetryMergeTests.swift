import Testing

@testable import Shared

@Suite struct DJITelemetryMergeTests {
    private func json(_ text: String) throws -> JSONValue {
        try #require(JSONValue(parsing: DJIFixtures.bytes(text)))
    }

    @Test func mergesNestedObjectsKeyByKey() throws {
        let current = try json(#"{"distance_limit_status":{"state":1,"distance_limit":2000},"mode_code":0}"#)
        let update = try json(#"{"distance_limit_status":{"state":0}}"#)
        #expect(
            TelemetryMerge.merge(update, into: current)
                == (try json(#"{"distance_limit_status":{"state":0,"distance_limit":2000},"mode_code":0}"#))
        )
    }

    @Test func mergesPayloadIndexObjectsSeveralLevelsDeep() throws {
        let current = try json(#"{"99-0-0":{"gimbal_pitch":0,"thermal":{"gain":2,"palette":0}}}"#)
        let update = try json(#"{"99-0-0":{"gimbal_pitch":-45.5,"thermal":{"palette":3}},"gear":1}"#)
        #expect(
            TelemetryMerge.merge(update, into: current)
                == (try json(#"{"99-0-0":{"gimbal_pitch":-45.5,"thermal":{"gain":2,"palette":3}},"gear":1}"#))
        )
    }

    @Test func replacesScalarsAndAddsNewKeys() throws {
        let merged = TelemetryMerge.merge(
            try json(#"{"latitude":29.9,"cover_state":"1","humidity":55}"#),
            into: try json(#"{"latitude":0,"longitude":121.6,"cover_state":0}"#)
        )
        #expect(merged == (try json(#"{"latitude":29.9,"longitude":121.6,"cover_state":"1","humidity":55}"#)))
    }

    @Test func replacesArraysWhole() throws {
        let current = try json(#"{"batteries":[{"index":0,"capacity_percent":80},{"index":1,"capacity_percent":79}]}"#)
        let update = try json(#"{"batteries":[{"index":0,"capacity_percent":78}]}"#)
        #expect(TelemetryMerge.merge(update, into: current) == update)
    }

    @Test func aNullInTheUpdateOverwritesAndIsKept() throws {
        let merged = TelemetryMerge.merge(
            try json(#"{"track_id":null,"storage":null}"#),
            into: try json(#"{"track_id":"abc","storage":{"total":1,"used":0},"gear":1}"#)
        )
        #expect(merged == (try json(#"{"track_id":null,"storage":null,"gear":1}"#)))
        // A later value replaces the null like any other.
        #expect(
            TelemetryMerge.merge(try json(#"{"storage":{"total":2}}"#), into: merged)
                == (try json(#"{"track_id":null,"storage":{"total":2},"gear":1}"#))
        )
    }

    @Test func objectAndScalarReplaceEachOther() throws {
        let current = try json(#"{"a":{"x":1},"b":5}"#)
        let update = try json(#"{"a":7,"b":{"y":2}}"#)
        #expect(TelemetryMerge.merge(update, into: current) == update)
    }

    @Test func anEmptyUpdateChangesNothingAndAnEmptyCacheTakesTheUpdate() throws {
        let document = try json(#"{"a":{"x":1},"b":[1,2]}"#)
        #expect(TelemetryMerge.merge(.object([:]), into: document) == document)
        #expect(TelemetryMerge.merge(document, into: .object([:])) == document)
    }

    @Test func aNonObjectOnEitherSideIsReplacedByTheUpdate() throws {
        let document = try json(#"{"a":1}"#)
        #expect(TelemetryMerge.merge(.array([.integer(1)]), into: document) == .array([.integer(1)]))
        #expect(TelemetryMerge.merge(document, into: .null) == document)
    }
}
