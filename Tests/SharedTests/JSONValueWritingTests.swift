import Foundation
import Testing

@testable import Shared

/// The direct JSON writer of the flush path: what it writes must read back as the same value.
@Suite struct JSONValueWritingTests {
    @Test func everyCaptureMessageReadsBackUnchanged() throws {
        for (name, _) in DJIFixtures.captureFiles {
            for (number, line) in try DJIFixtures.captureLines(name).enumerated() {
                let value = try JSONParser.parse(line.payload)
                #expect(try JSONParser.parse(value.compactJSONBytes) == value, "\(name):\(number + 1)")
            }
        }
    }

    @Test func escapesWhatRFC8259Requires() throws {
        let text = "q\"b\\s/n\nr\rt\t\u{0}\u{1F}\u{7F}é😀"
        let written = JSONValue.string(text).compactJSONText
        #expect(written == #""q\"b\\s/n\nr\rt\t\u0000\u001f\#u{7F}é😀""#)
        #expect(try JSONParser.parse(Array(written.utf8)) == .string(text))
        #expect(JSONValue.object([text: .null]).compactJSONText == "{\(written):null}")
    }

    @Test func writesNumbersSoTheyReadBackTheSame() throws {
        let values: [JSONValue] = [
            .integer(0), .integer(.max), .integer(.min), .double(0.1), .double(-2.5e-10), .double(1e300),
            .double(5.0970001), .double(.leastNonzeroMagnitude), .double(123456.789),
        ]
        for value in values {
            #expect(try JSONParser.parse(value.compactJSONBytes) == value, "\(value)")
        }
        #expect(JSONValue.array([.double(.nan), .double(.infinity)]).compactJSONText == "[null,null]")
        #expect(
            JSONValue.array([.bool(true), .bool(false), .null, .array([]), .object([:])]).compactJSONText
                == "[true,false,null,[],{}]")
    }

    @Test func foundationReadsWhatItWrites() throws {
        let value = JSONValue.object([
            "a": .array([.integer(1), .double(2.5), .string("x\ny")]), "b": .object(["c": .null]),
        ])
        let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(value.compactJSONBytes))
        #expect(decoded == value)
    }
}
