import Foundation
import TestSupport
import Testing

@testable import Shared

/// The DJI data under `Fixtures/` (copied from the reference's samples and the real capture; see its README),
/// loaded through `Bundle.module` so the tests need nothing outside the package.
enum DJIFixtures {
    typealias CaptureLine = Capture.Line

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
        try Fixtures.url(relativePath)
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

    static func captureLines(_ name: String) throws -> [CaptureLine] {
        try Capture.lines(name)
    }

    /// The bytes of a JSON text, for inline messages.
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// Decodes inline JSON text that a test expects to be a valid envelope.
    static func envelope(_ text: String) throws -> DJIEnvelope {
        try DJIEnvelope(decoding: bytes(text))
    }
}
