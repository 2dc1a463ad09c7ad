import Foundation
import Testing

@testable import Shared

@Suite struct DJIEnvelopeTests {
    @Test func everyReferenceSampleDecodesAndKeepsItsMessageWhole() throws {
        let names = try DJIFixtures.sampleNames()
        #expect(names.count == 30)
        for name in names {
            let envelope = try DJIFixtures.sampleEnvelope(name)
            let message = try #require(try DJIFixtures.sampleMessage(name).objectValue)
            // The sample's extra "_topic" key is an unknown key: kept in raw, otherwise ignored.
            #expect(envelope.raw["_topic"] != nil, "\(name)")
            #expect(envelope.tid == message["tid"]?.stringValue, "\(name)")
            #expect(envelope.bid == message["bid"]?.stringValue, "\(name)")
            #expect(envelope.method == message["method"]?.stringValue, "\(name)")
            #expect(envelope.data == message["data"], "\(name)")
            if case .integer(let timestamp) = message["timestamp"] {
                #expect(envelope.timestamp == timestamp, "\(name)")
            } else {
                #expect(envelope.timestamp == nil, "\(name)")
            }
        }
    }

    @Test func readsGatewayNeedReplyAndSeqFromTheSamples() throws {
        let state = try DJIFixtures.sampleEnvelope("state_aircraft_need_reply.json")
        #expect(state.needReply)
        #expect(state.gateway == "8UUXN3A00A0001")
        #expect(state.method == nil)
        #expect(try DJIFixtures.sampleEnvelope("events_file_upload_callback.json").needReply)
        #expect(try !DJIFixtures.sampleEnvelope("events_cover_open_progress.json").needReply)
        #expect(try !DJIFixtures.sampleEnvelope("events_hms.json").needReply)
        let drc = try DJIFixtures.sampleEnvelope("drc_down_stick_control.json")
        #expect(drc.seq == 42)
        #expect(drc.tid == nil && drc.bid == nil && drc.timestamp == nil)
        #expect(drc.method == "stick_control")
    }

    static let notAJSONObject: [(bytes: [UInt8], reason: String)] = [
        ([], "empty payload"),
        ([0xFF, 0xFE, 0x00, 0x80], "not valid UTF-8"),
        (Array(#"{"tid":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8), "not valid UTF-8"),
        (Array("hello".utf8), "not JSON"),
        (Array(#"{"tid":"a","#.utf8), "not JSON"),
        (Array("{tid: 1}".utf8), "not JSON"),
        (Array("   ".utf8), "not JSON"),
        (Array("[1,2]".utf8), "not a JSON object (top level is an array)"),
        (Array("42".utf8), "not a JSON object (top level is a number)"),
        (Array(#""text""#.utf8), "not a JSON object (top level is a string)"),
        (Array("null".utf8), "not a JSON object (top level is null)"),
        (Array("true".utf8), "not a JSON object (top level is a bool)"),
    ]

    @Test(arguments: notAJSONObject)
    func rejectsBytesThatAreNotAJSONObject(bytes: [UInt8], reason: String) {
        #expect(throws: DJIDecodingError(reason: reason)) { try DJIEnvelope(decoding: bytes) }
    }

    @Test func deeplyNestedInputIsAnErrorNotACrash() {
        let depth = 100_000
        let arrays = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(throws: DJIDecodingError.self) { try DJIEnvelope(decoding: Array(arrays.utf8)) }
        let inObject = #"{"data":"# + arrays + "}"
        #expect(throws: DJIDecodingError.self) { try DJIEnvelope(decoding: Array(inObject.utf8)) }
    }

    @Test func decodesAOneMebibytePayload() throws {
        let blob = String(repeating: "a", count: 1 << 20)
        let envelope = try DJIFixtures.envelope(#"{"tid":"t","method":"m","data":{"blob":""# + blob + #""}}"#)
        #expect(envelope.data["blob"]?.stringValue?.utf8.count == 1 << 20)
        #expect(envelope.tid == "t")
    }

    @Test(arguments: [
        (#"{"tid":"abc"}"#, "abc" as String?),
        (#"{"tid":123}"#, "123"),
        (#"{"tid":123.0}"#, "123"),
        (#"{"tid":1.5}"#, "1.5"),
        (#"{"tid":""}"#, ""),
        (#"{"tid":true}"#, nil),
        (#"{"tid":null}"#, nil),
        (#"{"tid":{"a":1}}"#, nil),
        (#"{}"#, nil),
    ])
    func readsANumericTidAsItsText(json: String, tid: String?) throws {
        #expect(try DJIFixtures.envelope(json).tid == tid)
    }

    @Test(arguments: [
        (#"{"timestamp":1735722000000}"#, 1_735_722_000_000 as Int64?),
        (#"{"timestamp":"1735722000000"}"#, 1_735_722_000_000),
        (#"{"timestamp":" 1735722000000 "}"#, 1_735_722_000_000),
        (#"{"timestamp":1735722000000.0}"#, 1_735_722_000_000),
        (#"{"timestamp":1.735722e12}"#, 1_735_722_000_000),
        (#"{"timestamp":"soon"}"#, nil),
        (#"{"timestamp:":1735722000001}"#, 1_735_722_000_001),
        (#"{"timestamp":1735722000000,"timestamp:":1}"#, 1_735_722_000_000),
        (#"{"timestamp":"soon","timestamp:":1735722000001}"#, 1_735_722_000_001),
        (#"{"timestamp":1e300}"#, nil),
    ])
    func readsTimestampsLenientlyIncludingTheTypoKey(json: String, timestamp: Int64?) throws {
        #expect(try DJIFixtures.envelope(json).timestamp == timestamp)
    }

    @Test(arguments: [
        (#"{"need_reply":1}"#, true),
        (#"{"need_reply":"1"}"#, true),
        (#"{"need_reply":true}"#, true),
        (#"{"need_reply":"true"}"#, true),
        (#"{"need_reply":1.0}"#, true),
        (#"{"need_reply":2}"#, true),
        (#"{"need_reply":0}"#, false),
        (#"{"need_reply":"0"}"#, false),
        (#"{"need_reply":false}"#, false),
        (#"{"need_reply":"yes"}"#, false),
        (#"{"need_reply":null}"#, false),
        (#"{}"#, false),
    ])
    func readsNeedReplyFromIntsBoolsAndStrings(json: String, needReply: Bool) throws {
        #expect(try DJIFixtures.envelope(json).needReply == needReply)
    }

    @Test(arguments: [
        (#"{"data":""}"#, JSONValue.object([:])),
        (#"{"data":null}"#, .object([:])),
        (#"{}"#, .object([:])),
        (#"{"data":{}}"#, .object([:])),
        (#"{"data":[{"icao":"780533"}]}"#, .array([.object(["icao": .string("780533")])])),
        (#"{"data":" "}"#, .string(" ")),
        (#"{"data":5}"#, .integer(5)),
    ])
    func treatsAbsentNullAndEmptyStringDataAsAnEmptyObject(json: String, data: JSONValue) throws {
        let envelope = try DJIFixtures.envelope(json)
        #expect(envelope.data == data)
        #expect(envelope.raw == JSONValue(parsing: DJIFixtures.bytes(json)))
    }

    @Test func toleratesOtherWrongTypesAndUnknownKeys() throws {
        let envelope = try DJIFixtures.envelope(
            #"{"tid":"t","bid":7,"method":"m","seq":"12","gateway":12345,"fts_info":{"x":1},"data":{}}"#
        )
        #expect(envelope.bid == "7")
        #expect(envelope.seq == 12)
        #expect(envelope.gateway == "12345")
        #expect(envelope.raw["fts_info"] == .object(["x": .integer(1)]))
        let odd = try DJIFixtures.envelope(#"{"method":["m"],"gateway":false,"seq":"x"}"#)
        #expect(odd.method == nil && odd.gateway == nil && odd.seq == nil)
    }
}
