import Foundation
import Logging
import Testing

@testable import Shared

@Suite struct JSONLogHandlerTests {
    @Test func oneEventIsOneJSONObjectWithItsDottedMetadataKeys() throws {
        var handler = JSONLogHandler(label: "dji-bridge")
        handler[metadataKey: "process"] = "bridge"
        let event = LogEvent(
            level: .warning,
            message: "cannot send reply",
            metadata: ["mqtt.topic": "thing/product/SN/events_reply", "dji.tid": "t-1"],
            source: "DJIBridge",
            file: #fileID,
            function: #function,
            line: #line
        )
        let data = try #require(handler.line(for: event, at: Date(timeIntervalSince1970: 1_767_225_600)))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: String])
        #expect(
            object == [
                "ts": "2026-01-01T00:00:00.000Z", "level": "warning", "label": "dji-bridge", "msg": "cannot send reply",
                "mqtt.topic": "thing/product/SN/events_reply", "dji.tid": "t-1", "process": "bridge",
            ]
        )
        #expect(!data.contains(UInt8(ascii: "\n")))
    }
}
