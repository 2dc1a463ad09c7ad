import Foundation
import Testing

@testable import Shared

@Suite struct CommandProgressTests {
    @Test func remoteDebugJobsReportUnderTheirOwnMethodAndBID() {
        #expect(
            ProgressRoute.routes(forEvent: "cover_open") == [
                ProgressRoute(commandMethods: ["cover_open"], matchField: nil)
            ])
        #expect(
            ProgressRoute.routes(forEvent: "ota_progress") == [
                ProgressRoute(commandMethods: ["ota_create"], matchField: nil)
            ])
        #expect(
            ProgressRoute.routes(forEvent: "fileupload_progress") == [
                ProgressRoute(commandMethods: ["fileupload_start"], matchField: nil)
            ])
    }

    @Test func flightTaskProgressNamesItsCommandsByFlightID() {
        #expect(
            ProgressRoute.routes(forEvent: "flighttask_progress") == [
                ProgressRoute(commandMethods: ["flighttask_execute", "flighttask_prepare"], matchField: "flight_id")
            ])
    }

    @Test func eventsThatReportNoCommandHaveNoRoute() {
        #expect(ProgressRoute.routes(forEvent: "hms").isEmpty)
        #expect(ProgressRoute.routes(forEvent: "live_start_push").isEmpty)
    }

    @Test func theProgressDocumentHasEveryKeyOfTheAPIAndTheWholeEvent() throws {
        let envelope = try DJIFixtures.sampleEnvelope("events_cover_open_progress.json")
        let progress = try #require(DJIProgress(envelope: envelope))
        let now = Date(timeIntervalSince1970: 1_800_000_000.25)
        let document = CommandProgress.document(for: progress, event: envelope, at: now)
        #expect(document["status"] == .string(progress.status))
        #expect(document["percent"] == progress.percent.map { .integer(Int64($0)) })
        #expect(document["step"] == progress.step.map(JSONValue.string))
        #expect(document["result"] == progress.result.map(JSONValue.integer))
        #expect(document["event"] == envelope.raw)
        #expect(document["updated_at"] == .string("2027-01-15T08:00:00.250Z"))
        #expect(document.objectValue?.keys.sorted() == ["event", "percent", "result", "status", "step", "updated_at"])
    }

    @Test func absentValuesAreNull() throws {
        let envelope = try DJIFixtures.envelope(
            #"{"method":"cover_open","bid":"b","data":{"output":{"status":"sent"}}}"#)
        let progress = try #require(DJIProgress(envelope: envelope))
        let document = CommandProgress.document(for: progress, event: envelope, at: Date())
        #expect(document["percent"] == .null)
        #expect(document["step"] == .null)
        #expect(document["result"] == .null)
    }
}
