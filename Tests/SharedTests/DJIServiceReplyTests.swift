import Testing

@testable import Shared

@Suite struct DJIServiceReplyTests {
    @Test func readsTheSuccessSample() throws {
        let reply = try #require(DJIServiceReply(envelope: try DJIFixtures.sampleEnvelope("services_reply_ok.json")))
        #expect(reply.tid == "3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a601")
        #expect(reply.bid == "6b7c8d9e-0f1a-4b2c-9d3e-4f5a6b7c8d01")
        #expect(reply.method == "live_start_push")
        #expect(reply.gateway == "8UUXN3A00A0001")
        #expect(reply.timestamp == 1_735_722_610_420)
        #expect(reply.isSuccess)
        #expect(reply.result == 0)
        #expect(reply.responseCode == "0")
        #expect(reply.message == nil)
        #expect(reply.outputStatus == nil)
        #expect(reply.vendorResponse == .object(["result": .integer(0)]))
    }

    @Test func readsTheErrorSample() throws {
        let reply = try #require(DJIServiceReply(envelope: try DJIFixtures.sampleEnvelope("services_reply_err.json")))
        #expect(!reply.isSuccess)
        #expect(reply.result == 319_025)
        #expect(reply.responseCode == "319025")
    }

    @Test func readsTheOutputStatusOfAJob() throws {
        let envelope = try DJIFixtures.sampleEnvelope("services_reply_cover_open_in_progress.json")
        let reply = try #require(DJIServiceReply(envelope: envelope))
        #expect(reply.isSuccess)
        #expect(reply.outputStatus == "in_progress")
        #expect(reply.vendorResponse == envelope.data)
    }

    @Test(arguments: [
        (#"{"result":1,"code":316009}"#, 1 as Int64?, "316009" as String?),
        (#"{"result":0,"code":"E_BUSY"}"#, 0, "E_BUSY"),
        (#"{"result":319025}"#, 319_025, "319025"),
        (#"{"result":"0"}"#, 0, "0"),
        (#"{"result":0.0}"#, 0, "0"),
        (#"{"code":42}"#, nil, "42"),
        (#"{"output":{}}"#, nil, nil),
    ])
    func responseCodeIsCodeWhenPresentElseResult(data: String, result: Int64?, code: String?) throws {
        let envelope = try DJIFixtures.envelope(#"{"tid":"t","method":"m","data":"# + data + "}")
        let reply = try #require(DJIServiceReply(envelope: envelope))
        #expect(reply.result == result)
        #expect(reply.responseCode == code)
        #expect(reply.isSuccess == (result == 0))
        #expect(reply.vendorResponse == JSONValue(parsing: DJIFixtures.bytes(data)))
    }

    @Test(arguments: [
        (#"{"result":1,"message":"m1"}"#, "m1" as String?),
        (#"{"result":1,"msg":"m2"}"#, "m2"),
        (#"{"result":1,"description":"m3"}"#, "m3"),
        (#"{"result":1,"message":"m1","msg":"m2","description":"m3"}"#, "m1"),
        (#"{"result":1,"msg":"m2","description":"m3"}"#, "m2"),
        (#"{"result":1,"message":5,"msg":{"a":1},"description":"m3"}"#, "m3"),
        (#"{"result":1}"#, nil),
    ])
    func messageIsTheFirstStringOfMessageMsgDescription(data: String, message: String?) throws {
        let envelope = try DJIFixtures.envelope(#"{"tid":"t","data":"# + data + "}")
        #expect(DJIServiceReply(envelope: envelope)?.message == message)
    }

    @Test func readsTheLegacyInfoAliasOfOutput() throws {
        let envelope = try DJIFixtures.envelope(#"{"tid":"t","data":{"result":0,"info":{"status":"sent"}}}"#)
        #expect(DJIServiceReply(envelope: envelope)?.outputStatus == "sent")
    }

    @Test(arguments: [
        #"{"bid":"b","data":{"result":0}}"#,
        #"{"tid":null,"data":{"result":0}}"#,
        #"{"tid":"t","data":[{"result":0}]}"#,
        #"{"tid":"t","data":0}"#,
    ])
    func rejectsRepliesWithoutTidOrObjectData(json: String) throws {
        #expect(DJIServiceReply(envelope: try DJIFixtures.envelope(json)) == nil)
    }

    @Test func aReplyWithEmptyDataIsNotASuccess() throws {
        let reply = try #require(DJIServiceReply(envelope: try DJIFixtures.envelope(#"{"tid":"t","data":""}"#)))
        #expect(!reply.isSuccess)
        #expect(reply.result == nil && reply.responseCode == nil)
    }
}
