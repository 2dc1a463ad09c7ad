import Testing

@testable import Shared

@Suite struct DJIReplyTests {
    /// Each acknowledgement sample of the reference, built from its request with the sample's own timestamp
    /// as "now", must come out identical: echoed tid/bid/method, fresh timestamp, `{"result":0}`.
    @Test(arguments: [
        ("events_file_upload_callback.json", "events_reply.json"),
        ("status_update_topo_online.json", "status_reply.json"),
        ("state_aircraft_need_reply.json", "state_reply.json"),
    ])
    func acknowledgementsMatchTheReferenceSamples(request: String, reply: String) throws {
        let expected = try DJIFixtures.sampleMessage(reply)
        let now = try #require(expected["timestamp"].flatMap(DJILenient.int64))
        let built = DJIReply.resultOK(to: try DJIFixtures.sampleEnvelope(request), now: now)
        #expect(built == expected)
    }

    @Test(arguments: [
        ("requests_config.json", "requests_reply_config.json"),
        ("requests_airport_bind_status.json", "requests_reply_airport_bind_status.json"),
        ("requests_flighttask_resource_get.json", "requests_reply_flighttask_resource_get.json"),
        ("requests_storage_config_get.json", "requests_reply_storage_config_get.json"),
    ])
    func requestRepliesMatchTheReferenceSamples(request: String, reply: String) throws {
        let expected = try DJIFixtures.sampleMessage(reply)
        let now = try #require(expected["timestamp"].flatMap(DJILenient.int64))
        let data = try #require(expected["data"])
        let built = DJIReply.reply(to: try DJIFixtures.sampleEnvelope(request), data: data, now: now)
        #expect(built == expected)
    }

    @Test func replyUsesTheNewTimestampNotTheRequests() throws {
        let request = try DJIFixtures.envelope(
            #"{"tid":"t1","bid":"b1","timestamp":100,"method":"hms","need_reply":1,"gateway":"G","data":{"list":[]}}"#
        )
        let reply = DJIReply.resultOK(to: request, now: 200)
        #expect(
            reply
                == .object([
                    "tid": .string("t1"), "bid": .string("b1"), "method": .string("hms"), "timestamp": .integer(200),
                    "data": .object(["result": .integer(0)]),
                ])
        )
    }

    @Test func leavesOutFieldsTheRequestDidNotHave() throws {
        let reply = DJIReply.resultOK(to: try DJIFixtures.envelope(#"{"data":{}}"#), now: 5)
        #expect(reply == .object(["timestamp": .integer(5), "data": .object(["result": .integer(0)])]))
    }

    @Test func echoesANumericTidAsText() throws {
        let reply = DJIReply.resultOK(to: try DJIFixtures.envelope(#"{"tid":123,"bid":"b"}"#), now: 5)
        #expect(reply["tid"] == .string("123"))
    }

    @Test func bytesAreCompactJSONThatDecodesBackToTheSameMessage() throws {
        let request = try DJIFixtures.sampleEnvelope("events_file_upload_callback.json")
        let reply = DJIReply.resultOK(to: request, now: 1_735_723_500_040)
        let bytes = DJIReply.bytes(reply)
        #expect(
            String(decoding: bytes, as: UTF8.self)
                == #"{"bid":"4d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f01","data":{"result":0},"method":"file_upload_callback","#
                + #""tid":"3c4d5e6f-7a8b-4c9d-8ae1-f2a3b4c5d601","timestamp":1735723500040}"#
        )
        let decoded = try DJIEnvelope(decoding: bytes)
        #expect(decoded.raw == reply)
        #expect(decoded.tid == request.tid && decoded.bid == request.bid && decoded.method == request.method)
    }

    @Test(arguments: [
        "services_cover_open.json", "services_drc_mode_enter.json", "services_flighttask_prepare.json",
        "services_live_start_push.json",
    ])
    func serviceCallsMatchTheReferenceSamples(name: String) throws {
        let expected = try DJIFixtures.sampleMessage(name)
        let built = DJIServiceCall.envelope(
            tid: try #require(expected["tid"]?.stringValue),
            bid: try #require(expected["bid"]?.stringValue),
            method: try #require(expected["method"]?.stringValue),
            data: try #require(expected["data"]),
            now: try #require(expected["timestamp"].flatMap(DJILenient.int64))
        )
        #expect(built == expected)
    }
}
