import Testing

@testable import Shared

@Suite struct DJIProgressTests {
    @Test func readsTheRemoteDebugProgressSample() throws {
        let progress = try #require(
            DJIProgress(envelope: try DJIFixtures.sampleEnvelope("events_cover_open_progress.json"))
        )
        #expect(progress.method == "cover_open")
        // The progress event reuses the bid of services_cover_open.json (reference §18).
        #expect(progress.bid == "8d9e0f1a-2b3c-4d4e-9f5a-6b7c8d9e0f01")
        #expect(progress.status == "in_progress")
        #expect(progress.percent == 70)
        #expect(progress.step == "open_cover")
        #expect(progress.result == 0)
        #expect(progress.timestamp == 1_735_722_036_000)
        #expect(!progress.isTerminal)
    }

    @Test func readsTheFlightTaskProgressSample() throws {
        let progress = try #require(
            DJIProgress(envelope: try DJIFixtures.sampleEnvelope("events_flighttask_progress.json"))
        )
        #expect(progress.method == "flighttask_progress")
        #expect(progress.bid == "f0e1d2c3-b4a5-4968-8776-655443322110")
        #expect(progress.percent == 46)
        #expect(progress.step == "25")
    }

    @Test func readsTheFlatLayoutOfFlyToAndTakeoffToPoint() throws {
        let envelope = try DJIFixtures.envelope(
            #"{"tid":"t","bid":"b","method":"takeoff_to_point_progress","need_reply":1,"#
                + #""data":{"status":"task_finish","result":0,"progress":{"percent":"100","current_step":3}}}"#
        )
        let progress = try #require(DJIProgress(envelope: envelope))
        #expect(progress.status == "task_finish")
        #expect(progress.percent == 100)
        #expect(progress.step == "3")
        #expect(progress.isTerminal)
    }

    @Test func outputWinsOverTheFlatLayoutAndIntStatusesBecomeText() throws {
        let both = try DJIFixtures.envelope(
            #"{"bid":"b","method":"m","data":{"status":"x","output":{"status":"ok","progress":{"percent":10.9}}}}"#
        )
        let progress = try #require(DJIProgress(envelope: both))
        #expect(progress.status == "ok")
        #expect(progress.percent == 10)
        let wayline = try DJIFixtures.envelope(
            #"{"bid":"b","method":"in_flight_wayline_progress","data":{"status":2,"progress":{"percent":5}}}"#
        )
        #expect(DJIProgress(envelope: wayline)?.status == "2")
    }

    @Test(arguments: [
        ("ok", true), ("rejected", true), ("failed", true), ("canceled", true), ("timeout", true),
        ("partially_done", true), ("fail", true), ("wayline_ok", true), ("wayline_failed", true),
        ("wayline_cancel", true), ("task_finish", true), ("synchronized", true), ("switch_fail", true),
        ("sent", false), ("in_progress", false), ("paused", false), ("wayline_progress", false),
        ("task_ready", false), ("synchronizing", false), ("a_status_from_new_firmware", false),
    ])
    func knowsWhichStatusesEndAJob(status: String, terminal: Bool) throws {
        let envelope = try DJIFixtures.envelope(
            #"{"bid":"b","method":"ota_progress","data":{"result":0,"output":{"status":""# + status + #""}}}"#
        )
        #expect(DJIProgress(envelope: envelope)?.isTerminal == terminal)
    }

    @Test(arguments: [
        #"{"bid":"b","method":"hms","data":{"list":[]}}"#,
        #"{"bid":"b","method":"drc_status_notify","data":{"result":514301,"drc_state":0}}"#,
        #"{"bid":"b","method":"airsense_warning","data":[{"icao":"780533"}]}"#,
        #"{"method":"cover_open","data":{"output":{"status":"ok"}}}"#,
        #"{"bid":"b","data":{"output":{"status":"ok"}}}"#,
        #"{"bid":"b","method":"cover_open","data":{"output":{"status":{"code":1}}}}"#,
    ])
    func otherEventsAreNotProgress(json: String) throws {
        #expect(DJIProgress(envelope: try DJIFixtures.envelope(json)) == nil)
    }
}
