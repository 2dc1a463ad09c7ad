import Foundation
import Shared

/// The real Dock 3 + M4TD recording under `Fixtures/dji-capture` (JSONL, one MQTT message a line).
public enum Capture {
    /// One recorded MQTT message.
    public struct Line: Sendable {
        public var topic: String
        /// The exact bytes of the recorded `payload`, as the device sent them.
        public var payload: [UInt8]
        /// When the recorder received it (ms since the epoch).
        public var receivedMilliseconds: Int64
        /// The line parsed whole, for computing expectations independently of the code under test.
        public var line: JSONValue
    }

    /// The lines of a capture file. The payload is cut from the line's text (it is the last key of every line),
    /// so the code under test sees the device's own bytes.
    public static func lines(_ name: String) throws -> [Line] {
        let data = try Data(contentsOf: Fixtures.url("dji-capture/\(name)"))
        let marker = Array(#""payload":"#.utf8)
        return try data.split(separator: UInt8(ascii: "\n")).map { lineBytes in
            let bytes = Array(lineBytes)
            guard let line = JSONValue(parsing: bytes),
                let topic = line["topic"]?.stringValue,
                case .integer(let received)? = line["recv_ts_ms"],
                let start = bytes.firstRange(of: marker)?.upperBound,
                bytes.last == UInt8(ascii: "}")
            else { throw MalformedCapture(file: name) }
            let payload = Array(bytes[start..<(bytes.count - 1)])
            guard JSONValue(parsing: payload) == line["payload"] else { throw MalformedCapture(file: name) }
            return Line(topic: topic, payload: payload, receivedMilliseconds: received, line: line)
        }
    }

    public struct MalformedCapture: Error, CustomStringConvertible {
        public var file: String
        public var description: String { "\(file) has a line that is not a recorded message" }
    }
}
