import Testing

@testable import Shared

/// The real Dock 3 + Matrice 4TD recording (Fixtures/dji-capture, SOURCE.md) through the uplink model.
@Suite struct DJICaptureTests {
    @Test func everyLineOfEveryTopicFileDecodes() throws {
        var total = 0
        for (name, expectedLines) in DJIFixtures.captureFiles {
            let lines = try DJIFixtures.captureLines(name)
            #expect(lines.count == expectedLines, "\(name)")
            for (number, line) in lines.enumerated() {
                let envelope = try DJIEnvelope(decoding: line.payload)
                let payload = try #require(line.line["payload"])
                #expect(envelope.raw == payload, "\(name):\(number + 1)")
                #expect(envelope.tid != nil && envelope.tid == payload["tid"]?.stringValue, "\(name):\(number + 1)")
                #expect(envelope.bid != nil, "\(name):\(number + 1)")
                // SOURCE.md: each line's dji_ts_ms is the payload's timestamp.
                #expect(envelope.timestamp == line.line["dji_ts_ms"].flatMap(DJILenient.int64), "\(name):\(number + 1)")
                let topic = try #require(DJITopic(line.topic), "\(name):\(number + 1)")
                if topic.kind.isUplink, topic.kind != .servicesReply {
                    #expect(envelope.gateway == "SN_DOCK_FIXTURE", "\(name):\(number + 1)")
                }
            }
            total += lines.count
        }
        #expect(total == 707)
    }

    @Test func theServiceCallWithEmptyStringDataDecodesToAnEmptyObject() throws {
        let calls = try DJIFixtures.captureLines(DJIFixtures.dockServices).map { try DJIEnvelope(decoding: $0.payload) }
        let returnHome = try #require(calls.first { $0.raw["data"] == .string("") })
        #expect(returnHome.method == "return_home")
        #expect(returnHome.data == .object([:]))
    }

    @Test func everyServicesReplyCorrelatesWithAServiceCallByTid() throws {
        let calls = try DJIFixtures.captureLines(DJIFixtures.dockServices).map { try DJIEnvelope(decoding: $0.payload) }
        let replies = try DJIFixtures.captureLines(DJIFixtures.dockServicesReply).map {
            try #require(DJIServiceReply(envelope: try DJIEnvelope(decoding: $0.payload)))
        }
        let callsByTid = Dictionary(calls.compactMap { call in call.tid.map { ($0, call) } }) { first, _ in first }
        #expect(callsByTid.count == 64)
        #expect(Set(replies.map(\.tid)) == Set(callsByTid.keys))
        for reply in replies {
            let call = try #require(callsByTid[reply.tid])
            #expect(reply.method == call.method && reply.bid == call.bid, "\(reply.tid)")
        }
        // One reply in the recording is an error: live_start_push refused with 513003 ("already streaming").
        let failures = replies.filter { !$0.isSuccess }
        #expect(failures.map(\.method) == ["live_start_push"])
        #expect(failures.first?.responseCode == "513003")
        #expect(replies.filter(\.isSuccess).count == 63)
    }

    @Test func progressEventsOfTheDockParseAndOtherEventsDoNot() throws {
        let events = try DJIFixtures.captureLines(DJIFixtures.dockEvents).map { try DJIEnvelope(decoding: $0.payload) }
        let progressMethods: Set<String> = ["flighttask_progress", "fly_to_point_progress", "uom_fly_data_info"]
        var flightTask: [DJIProgress] = []
        for event in events {
            let progress = DJIProgress(envelope: event)
            let method = try #require(event.method)
            #expect((progress != nil) == progressMethods.contains(method), "\(method)")
            if method == "flighttask_progress", let progress { flightTask.append(progress) }
            if method == "fly_to_point_progress" {
                #expect(progress?.status == "wayline_progress")
                #expect(progress?.isTerminal == false)
                #expect(progress?.result == 0)
            }
        }
        #expect(flightTask.count == 28)
        // flighttask_progress reuses the flight id as bid (reference §3).
        #expect(flightTask.allSatisfy { $0.bid == "T-FIXTURE-001" && $0.percent == 90 && $0.step == "27" })
        #expect(flightTask.map(\.status).filter { $0 != "in_progress" } == ["paused"])
        #expect(flightTask.filter(\.isTerminal).isEmpty)
    }

    @Test func mergingTheDroneOSDInOrderKeepsTheLastValueOfEachKey() throws {
        let lines = try DJIFixtures.captureLines(DJIFixtures.droneOSD)
        var merged = JSONValue.object([:])
        for line in lines {
            merged = TelemetryMerge.merge(try DJIEnvelope(decoding: line.payload).data, into: merged)
        }
        for key in ["latitude", "longitude", "battery"] {
            // Expected: the value in the last line whose data has the key, read from the raw lines.
            let last = lines.compactMap { $0.line["payload"]?["data"]?[key] }.last
            #expect(last != nil, "\(key)")
            #expect(merged[key] == last, "\(key)")
        }
        #expect(merged["latitude"] == .double(29.924322723262893))
        #expect(merged["battery"]?["capacity_percent"] == .integer(58))
    }

    /// The dock splits its OSD across three partial messages per cycle (reference §9): the merge must hold the
    /// union of their keys, each at its latest value.
    @Test(arguments: [DJIFixtures.dockOSD, DJIFixtures.droneState])
    func mergingPartialDocumentsKeepsEveryKeyAtItsLatestValue(name: String) throws {
        let lines = try DJIFixtures.captureLines(name)
        var merged = JSONValue.object([:])
        var latest: [String: JSONValue] = [:]
        for line in lines {
            merged = TelemetryMerge.merge(try DJIEnvelope(decoding: line.payload).data, into: merged)
            for (key, value) in try #require(line.line["payload"]?["data"]?.objectValue) { latest[key] = value }
        }
        let keys = try #require(merged.objectValue?.keys)
        #expect(Set(keys) == Set(latest.keys))
        #expect(latest.count > 10)
        #expect(merged == .object(latest))
    }
}
