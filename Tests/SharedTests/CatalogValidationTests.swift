import Foundation
import Testing

@testable import Shared

/// Validation messages and paths for the rules the catalog enforces, on real entries.
@Suite struct CatalogValidationTests {
    private func validate(_ method: String, _ json: String) throws -> PayloadProblem? {
        let command = try #require(CommandCatalog.entry(method))
        let payload = try #require(JSONValue(parsing: Array(json.utf8)), "not JSON: \(json)")
        return command.payloadSchema.validate(payload)
    }

    private let liveStart = #"{"url_type":1,"url":"rtmp://h:1935/live/s","video_id":"SN/99-0-0/normal-0","#

    // MARK: live_start_push, the API's example

    @Test func acceptsTheReferenceLiveStartPushSample() throws {
        #expect(try validate("live_start_push", liveStart + #""video_quality":3}"#) == nil)
    }

    @Test func rejectsAURLTypeOutsideItsEnumeration() throws {
        let problem = try validate(
            "live_start_push",
            liveStart.replacing(#""url_type":1"#, with: #""url_type":2"#)
                + #""video_quality":0}"#)
        #expect(
            problem
                == PayloadProblem(field: "payload.url_type", message: "payload.url_type must be one of 0, 1, 3, 4"))
    }

    @Test func rejectsAURLTypeSentAsAString() throws {
        let problem = try validate(
            "live_start_push", liveStart.replacing(#""url_type":1"#, with: #""url_type":"0""#) + #""video_quality":0}"#)
        #expect(problem?.field == "payload.url_type")
        #expect(problem?.message == "payload.url_type must be an integer, one of 0, 1, 3, 4")
    }

    @Test(arguments: ["5", "-1", "\"4\"", "2.5", "null"])
    func rejectsAVideoQualityOutsideZeroToFour(value: String) throws {
        let problem = try validate("live_start_push", liveStart + #""video_quality":\#(value)}"#)
        #expect(
            problem
                == PayloadProblem(
                    field: "payload.video_quality", message: "payload.video_quality must be an integer from 0 to 4"))
    }

    @Test func acceptsAnIntegralDoubleAsAnInteger() throws {
        let schema = try #require(CommandCatalog.entry("live_start_push")).payloadSchema
        let parsed = try #require(JSONValue(parsing: Array((liveStart + #""video_quality":0}"#).utf8)))
        var payload = try #require(parsed.objectValue)
        payload["video_quality"] = .double(4)
        #expect(schema.validate(.object(payload)) == nil)
        payload["video_quality"] = .double(3.5)
        #expect(schema.validate(.object(payload))?.field == "payload.video_quality")
    }

    @Test func namesTheFirstMissingRequiredField() throws {
        let problem = try validate("live_start_push", #"{"url_type":0,"video_quality":0}"#)
        #expect(problem == PayloadProblem(field: "payload.url", message: "payload.url is required"))
    }

    @Test func treatsNullAsAWrongValueNotAsAbsent() throws {
        let problem = try validate(
            "live_start_push",
            liveStart.replacing(#""url":"rtmp://h:1935/live/s""#, with: #""url":null"#) + #""video_quality":0}"#)
        #expect(problem == PayloadProblem(field: "payload.url", message: "payload.url must be a string"))
    }

    @Test func allowsUnknownExtraKeys() throws {
        #expect(try validate("live_start_push", liveStart + #""video_quality":0,"new_firmware_key":{"a":1}}"#) == nil)
        #expect(try validate("flighttask_pause", #"{"flight_ids":[""]}"#) == nil)
    }

    @Test(arguments: ["null", "[]", "\"cover\"", "1"])
    func acceptsNoDataOnlyAsAnObjectOrNull(payload: String) throws {
        let problem = try validate("cover_open", payload)
        if payload == "null" {
            #expect(problem == nil)
        } else {
            #expect(problem == PayloadProblem(field: "payload", message: "payload must be an object"))
        }
    }

    @Test func requiresAPayloadForMethodsWithData() throws {
        #expect(
            try validate("live_start_push", "null")
                == PayloadProblem(field: "payload", message: "payload must be an object"))
        #expect(try validate("live_start_push", "{}")?.field == "payload.url_type")
    }

    @Test func checksTheVideoIDPattern() throws {
        let problem = try validate("live_stop_push", #"{"video_id":"99-0-0"}"#)
        #expect(problem?.field == "payload.video_id")
        #expect(
            problem?.message.hasPrefix("payload.video_id must be a video id {sn}/{camera_index}/{video_index}") == true)
    }

    // MARK: nested objects, arrays, conditions

    private let prepare = #"""
        {"flight_id":"f0e1d2c3-b4a5-4968-8776-655443322110","execute_time":1735722120000,"task_type":0,
         "file":{"url":"https://bucket.example.com/roof.kmz","fingerprint":"9e107d9d372bb6826bd81d3542a419d6"},
         "rth_altitude":100,"rth_mode":1,"out_of_control_action":0,"exit_wayline_when_rc_lost":1,
         "wayline_precision_type":1,"flight_safety_advance_check":0}
        """#

    @Test func acceptsTheReferenceFlighttaskPrepareSample() throws {
        #expect(try validate("flighttask_prepare", prepare) == nil)
    }

    @Test func namesANestedMissingField() throws {
        let problem = try validate(
            "flighttask_prepare", prepare.replacing(#""url":"https://bucket.example.com/roof.kmz","#, with: ""))
        #expect(problem == PayloadProblem(field: "payload.file.url", message: "payload.file.url is required"))
    }

    @Test func requiresExecuteTimeForImmediateAndTimedTasks() throws {
        let problem = try validate("flighttask_prepare", prepare.replacing(#""execute_time":1735722120000,"#, with: ""))
        #expect(
            problem
                == PayloadProblem(
                    field: "payload.execute_time", message: "payload.execute_time is required when task_type is 0 or 1")
        )
    }

    @Test func requiresReadyConditionsForConditionalTasks() throws {
        let conditional = prepare.replacing(#""execute_time":1735722120000,"task_type":0"#, with: #""task_type":2"#)
        let problem = try validate("flighttask_prepare", conditional)
        #expect(
            problem
                == PayloadProblem(
                    field: "payload.ready_conditions",
                    message: "payload.ready_conditions is required when task_type is 2"))
        let ready = conditional.replacing(
            #""task_type":2"#,
            with: #""task_type":2,"ready_conditions":{"battery_capacity":80,"begin_time":1,"end_time":2}"#)
        #expect(try validate("flighttask_prepare", ready) == nil)
    }

    @Test func acceptsOnlyThePresetRTHModeForDockTasks() throws {
        let problem = try validate("flighttask_prepare", prepare.replacing(#""rth_mode":1"#, with: #""rth_mode":0"#))
        #expect(problem == PayloadProblem(field: "payload.rth_mode", message: "payload.rth_mode must be 1"))
    }

    @Test func namesTheFailingArrayElement() throws {
        let problem = try validate("flighttask_undo", #"{"flight_ids":["a",2]}"#)
        #expect(
            problem == PayloadProblem(field: "payload.flight_ids[1]", message: "payload.flight_ids[1] must be a string")
        )
    }

    @Test(arguments: [#""a""#, "[]", "null"])
    func requiresANonEmptyArrayOfFlightIDs(value: String) throws {
        let problem = try validate("flighttask_undo", #"{"flight_ids":\#(value)}"#)
        #expect(
            problem
                == PayloadProblem(
                    field: "payload.flight_ids",
                    message: "payload.flight_ids must be an array of strings with at least 1 item"))
    }

    @Test func namesAFieldInsideAnArrayOfObjects() throws {
        let complete = #"{"sn":"A","product_version":"1","firmware_upgrade_type":3}"#
        let incomplete = #"{"sn":"B","product_version":"1"}"#
        let problem = try validate("ota_create", #"{"devices":[\#(complete),\#(incomplete)]}"#)
        #expect(problem?.field == "payload.devices[1].firmware_upgrade_type")
        #expect(problem?.message == "payload.devices[1].firmware_upgrade_type is required")
    }

    @Test func takesExactlyOneFlyToPoint() throws {
        let point = #"{"latitude":22.5,"longitude":113.9,"height":120}"#
        let problem = try validate("fly_to_point", #"{"fly_to_id":"x","max_speed":10,"points":[\#(point),\#(point)]}"#)
        #expect(problem?.message == "payload.points must be an array of objects with exactly 1 item")
        #expect(try validate("fly_to_point", #"{"fly_to_id":"x","max_speed":10,"points":[\#(point)]}"#) == nil)
    }

    // MARK: numbers, strings, booleans

    @Test func checksNumberRanges() throws {
        let problem = try validate(
            "camera_aim", #"{"payload_index":"99-0-0","camera_type":"zoom","locked":true,"x":1.5,"y":0}"#)
        #expect(problem == PayloadProblem(field: "payload.x", message: "payload.x must be a number from 0 to 1"))
        let latitude = try validate("poi_mode_enter", #"{"latitude":-90.5,"longitude":0,"height":50}"#)
        #expect(latitude?.message == "payload.latitude must be a number from -90 to 90")
    }

    @Test func checksStringEnumerationsAndPatterns() throws {
        let lens = try validate(
            "camera_aim", #"{"payload_index":"99-0-0","camera_type":"thermal","locked":true,"x":0,"y":0}"#)
        #expect(lens?.message == #"payload.camera_type must be one of "ir", "wide", "zoom""#)
        let index = try validate("camera_photo_take", #"{"payload_index":"99-0"}"#)
        #expect(
            index?.message == "payload.payload_index must be a payload index type-subtype-gimbalindex such as 99-0-0")
    }

    @Test func rejectsAnEmptyIdentifier() throws {
        let problem = try validate("upload_flighttask_media_prioritize", #"{"flight_id":""}"#)
        #expect(problem?.message == "payload.flight_id must not be empty")
    }

    @Test func countsTheByteLimitOfCustomDataInUTF8() throws {
        func payload(_ value: String) -> String { #"{"value":"\#(value)"}"# }
        #expect(try validate("custom_data_transmission_to_psdk", payload(String(repeating: "a", count: 255))) == nil)
        #expect(try validate("custom_data_transmission_to_psdk", payload(String(repeating: "€", count: 85))) == nil)
        let problem = try validate("custom_data_transmission_to_psdk", payload(String(repeating: "€", count: 86)))
        #expect(problem?.message == "payload.value must be at most 255 bytes long in UTF-8")
    }

    @Test func acceptsTheReferenceDRCModeEnterSample() throws {
        let enter = #"""
            {"mqtt_broker":{"address":"drc.example.com:8883","client_id":"8UUXN3A00A0001-1735722700000",
             "username":"8UUXN3A00A0001","password":"eyJ","expire_time":1735726300,"enable_tls":true},
             "osd_frequency":10,"hsi_frequency":1}
            """#
        #expect(try validate("drc_mode_enter", enter) == nil)
        let milliseconds = try validate("drc_mode_enter", enter.replacing("1735726300", with: "1735726300000"))
        #expect(
            milliseconds?.message
                == "payload.mqtt_broker.expire_time must be an integer from 1000000000 to 9999999999")
        let tls = try validate("drc_mode_enter", enter.replacing(#""enable_tls":true"#, with: #""enable_tls":"true""#))
        #expect(tls?.message == "payload.mqtt_broker.enable_tls must be true or false")
    }
}
