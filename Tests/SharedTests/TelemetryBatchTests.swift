import Foundation
import Testing

@testable import Shared

/// The telemetry buffer keeps deltas as compact JSON and writes the flush batch from those bytes.
@Suite struct TelemetryBatchTests {
    let start = Date(timeIntervalSince1970: 1_767_225_600)

    @Test func theBatchIsTheArrayOfRows() throws {
        let buffer = TelemetryBuffer()
        buffer.record(
            sn: "D1", gatewaySN: "G", kind: .osd, data: .object(["a": .double(0.5), "s": .string("q\"\n")]), at: start)
        buffer.record(sn: "D1", gatewaySN: nil, kind: .osd, data: .object(["b": .array([.null])]), at: start + 1)
        buffer.record(
            sn: "D2", gatewaySN: nil, kind: .state, data: .object(["firmware_version": .string("1")]), at: start)
        let devices = buffer.drain()
        let batch = try JSONParser.parse(TelemetryBuffer.batchJSON(devices))
        #expect(batch == .array(devices.map(\.row)))
        let foundation = try JSONDecoder().decode(JSONValue.self, from: Data(TelemetryBuffer.batchJSON(devices)))
        #expect(batch == foundation)
        #expect(devices[0].osd == .object(["a": .double(0.5), "s": .string("q\"\n"), "b": .array([.null])]))
        #expect(TelemetryBuffer.batchJSON([]) == Array("[]".utf8))
    }

    @Test func aDeltaKeepsEveryCaptureMessage() throws {
        for (name, _) in DJIFixtures.captureFiles where name.contains("osd") || name.contains("state") {
            for line in try DJIFixtures.captureLines(name) {
                let data = try DJIEnvelope(decoding: line.payload).data
                #expect(TelemetryDelta(data).value == data)
                #expect(TelemetryDelta(data).bytes.count <= line.payload.count)
            }
        }
    }

    @Test func mergingADeltaFollowsTelemetryMerge() {
        let first: JSONValue = .object(["n": .object(["x": .integer(1)]), "list": .array([.integer(1), .integer(2)])])
        let second: JSONValue = .object(["n": .object(["y": .integer(2)]), "list": .array([]), "gone": .null])
        var delta = TelemetryDelta(first)
        delta.merge(second)
        #expect(delta.value == TelemetryMerge.merge(second, into: first))
    }
}
