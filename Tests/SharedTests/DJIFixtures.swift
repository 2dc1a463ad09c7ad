import Foundation
import Testing

@testable import Shared

/// The DJI data under `Fixtures/` (copied from the reference's samples and the real capture; see its README),
/// loaded through `Bundle.module` so the tests need nothing outside the package.
enum DJIFixtures {
    /// One recorded MQTT message of the capture.
    struct CaptureLine {
        var topic: String
        /// The exact bytes of the recorded `payload`, as the device sent them.
        var payload: [UInt8]
        /// The line parsed whole, for computing expectations independently of the code under test.
        var line: JSONValue
    }

    /// The capture files and the number of lines each holds (SOURCE.md, manifest.json).
    static let captureFiles: [(name: String, lines: Int)] = [
        ("thing__product__SN_DOCK_FIXTURE__services.0001.jsonl", 64),
        ("thing__product__SN_DOCK_FIXTURE__services_reply.0001.jsonl", 64),
        ("thing__product__SN_DOCK_FIXTURE__state.0001.jsonl", 8),
        ("thing__product__SN_DRONE_FIXTURE__state.0001.jsonl", 151),
        ("thing__product__SN_DOCK_FIXTURE__events.0001.prefix.jsonl", 160),
        ("thing__product__SN_DRONE_FIXTURE__events.0001.jsonl", 108),
        ("thing__product__SN_DOCK_FIXTURE__osd.0001.prefix.jsonl", 45),
        ("thing__product__SN_DRONE_FIXTURE__osd.0001.prefix.jsonl", 25),
        ("thing__product__SN_DOCK_FIXTURE__events_reply.0001.jsonl", 10),
        ("thing__product__SN_DRONE_FIXTURE__state_reply.0001.jsonl", 72),
    ]

    static let dockServices = "thing__product__SN_DOCK_FIXTURE__services.0001.jsonl"
    static let dockServicesReply = "thing__product__SN_DOCK_FIXTURE__services_reply.0001.jsonl"
    static let dockEvents = "thing__product__SN_DOCK_FIXTURE__events.0001.prefix.jsonl"
    static let dockOSD = "thing__product__SN_DOCK_FIXTURE__osd.0001.prefix.jsonl"
    static let droneOSD = "thing__product__SN_DRONE_FIXTURE__osd.0001.prefix.jsonl"
    static let droneState = "thing__product__SN_DRONE_FIXTURE__state.0001.jsonl"

    static func url(_ relativePath: String) throws -> URL {
        let root = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        return root.appending(path: relativePath)
    }

    /// The names of the reference's wire samples (`*.json`), sorted.
    static func sampleNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url("dji-samples").path)
            .filter { $0.hasSuffix(".json") }.sorted()
    }

    /// A sample's bytes as stored, including the reference's extra `"_topic"` key.
    static func sampleBytes(_ name: String) throws -> [UInt8] {
        try Array(Data(contentsOf: url("dji-samples/\(name)")))
    }

    static func sampleEnvelope(_ name: String) throws -> DJIEnvelope {
        try DJIEnvelope(decoding: sampleBytes(name))
    }

    /// A sample as the message on the wire: the file's JSON without `"_topic"` (reference §18).
    static func sampleMessage(_ name: String) throws -> JSONValue {
        var object = try #require(JSONValue(parsing: sampleBytes(name))?.objectValue)
        object["_topic"] = nil
        return .object(object)
    }

    /// The lines of a capture file. The payload is cut from the line's text (it is the last key of every line)
    /// and checked against the parsed line, so the envelope decoder sees the device's own bytes.
    static func captureLines(_ name: String) throws -> [CaptureLine] {
        let data = try Data(contentsOf: url("dji-capture/\(name)"))
        let marker = Array(#""payload":"#.utf8)
        return try data.split(separator: UInt8(ascii: "\n")).map { lineBytes in
            let bytes = Array(lineBytes)
            let line = try #require(JSONValue(parsing: bytes))
            let start = try #require(bytes.firstRange(of: marker)).upperBound
            #expect(bytes.last == UInt8(ascii: "}"))
            let payload = Array(bytes[start..<(bytes.count - 1)])
            #expect(JSONValue(parsing: payload) == line["payload"])
            return CaptureLine(topic: try #require(line["topic"]?.stringValue), payload: payload, line: line)
        }
    }

    /// The bytes of a JSON text, for inline messages.
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// Decodes inline JSON text that a test expects to be a valid envelope.
    static func envelope(_ text: String) throws -> DJIEnvelope {
        try DJIEnvelope(decoding: bytes(text))
    }
}
