import Foundation
import Testing

@testable import Shared

/// The byte-level parser the uplink path uses instead of Foundation's `JSONDecoder`.
@Suite struct JSONParserTests {
    /// What Foundation's decoder, through `JSONValue`'s `Codable` conformance, made of the same bytes.
    private static func foundation(_ bytes: [UInt8]) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }

    private static func parse(_ text: String) throws -> JSONValue {
        try JSONParser.parse(Array(text.utf8))
    }

    @Test func agreesWithFoundationOnEveryMessageOfTheCapture() throws {
        var compared = 0
        for (name, _) in DJIFixtures.captureFiles {
            for (number, line) in try DJIFixtures.captureLines(name).enumerated() {
                let expected = try #require(Self.foundation(line.payload), "\(name):\(number + 1)")
                #expect(try JSONParser.parse(line.payload) == expected, "\(name):\(number + 1)")
                compared += 1
            }
        }
        #expect(compared == 707)
    }

    @Test func agreesWithFoundationOnEverySampleMessage() throws {
        let names = try DJIFixtures.sampleNames()
        #expect(!names.isEmpty)
        for name in names {
            let bytes = try DJIFixtures.sampleBytes(name)
            #expect(try JSONParser.parse(bytes) == Self.foundation(bytes), "\(name)")
        }
    }

    static let sameAsFoundation: [String] = [
        "0", "-0", "7", "-7", "1.0", "-0.0", "1e2", "1E2", "2.5E+3", "100e-2", "0.1e1", "1.5", "-1.25", "1e-2",
        "0.1", "9223372036854775807", "-9223372036854775808", "9223372036854775808", "12345678901234567890",
        "1.0000000000000000001", "4.9e-324", "1.7976931348623157e308", "-1e-400", "1648453346123",
        "123456789012345678901234567890.5", "5.0970001", "true", "false", "null", #""""#, #""a\"b\\c\/d""#,
        #""\b\f\n\r\t""#, #""\u0000""#, #""\u00e9\u4e2d""#, #""\ud83d\ude00""#, #""é中😀""#, "\"\u{7F}\"",
        #"{"a":1,"a":2}"#, #"{"b":[1,{"c":null}],"a":{}}"#, "[]", "{}", " \t\r\n[ 1 , 2 ]\n",
    ]

    @Test(arguments: sameAsFoundation)
    func parsesLikeFoundation(text: String) throws {
        let bytes = Array(text.utf8)
        let expected = try #require(Self.foundation(bytes))
        #expect(try JSONParser.parse(bytes) == expected)
    }

    @Test func tellsIntegersFromDoubles() throws {
        #expect(try Self.parse("1648453346123") == .integer(1_648_453_346_123))
        #expect(try Self.parse("-9223372036854775808") == .integer(.min))
        #expect(try Self.parse("9223372036854775808") == .double(9_223_372_036_854_775_808))
        #expect(try Self.parse("1.0") == .integer(1))
        #expect(try Self.parse("1e2") == .integer(100))
        #expect(try Self.parse("-0.0") == .integer(0))
        #expect(try Self.parse("5.0970001") == .double(5.0970001))
        #expect(try Self.parse("0.1") == .double(0.1))
        #expect(try Self.parse("1e-2") == .double(0.01))
        #expect(try Self.parse("4.9e-324") == .double(.leastNonzeroMagnitude))
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        #expect(try Self.parse(#""a\"b\\c\/d""#) == .string("a\"b\\c/d"))
        #expect(try Self.parse(#""\b\f\n\r\t""#) == .string("\u{08}\u{0C}\n\r\t"))
        #expect(try Self.parse(#""\u0041\u00E9\u4e2D""#) == .string("Aé中"))
        #expect(try Self.parse(#""x\ud83d\ude00y""#) == .string("x😀y"))
        #expect(try Self.parse(#""\uDBFF\uDFFF""#) == .string("\u{10FFFF}"))
        #expect(try Self.parse(#""\u0000""#) == .string("\u{0}"))
        #expect(try Self.parse(#"{"k\u00e9y":"v"}"#) == .object(["kéy": .string("v")]))
    }

    @Test func keepsTheFirstOfDuplicateKeys() throws {
        #expect(try Self.parse(#"{"a":1,"b":2,"a":3}"#) == .object(["a": .integer(1), "b": .integer(2)]))
    }

    static let invalid: [String] = [
        // Trailing commas: Foundation accepts these two; RFC 8259 does not.
        "[1,]", #"{"a":1,}"#,
        "", " ", "[", "]", "{", "[1 2]", "[,1]", #"{"a" 1}"#, #"{"a":}"#, #"{a:1}"#, #"{"a":1 "b":2}"#, "{,}",
        "01", "-", "1.", ".5", "+1", "1e", "1e+", "-01", "0x10", "NaN", "Infinity", "1e400", "-1e400",
        "tru", "nul", "falsey", "True", "[1] x", "1 2",
        "\"abc", #""\x""#, #""\u12""#, #""\u12G4""#, "\"a\tb\"", "\"a\nb\"",
        #""\ud800""#, #""\udc00""#, #""\ud800\u0041""#, #""\udc00\ud800""#, #""\ud800x""#,
        "\u{FEFF}{}", "\u{0B}1", "'a'",
    ]

    @Test(arguments: invalid)
    func rejectsWhatRFC8259Rejects(text: String) {
        #expect(throws: JSONParseError.self) { try Self.parse(text) }
    }

    @Test func foundationAcceptsTrailingCommasAndTheParserDoesNot() {
        #expect(Self.foundation(Array("[1,]".utf8)) == .array([.integer(1)]))
        #expect(JSONValue(parsing: Array("[1,]".utf8)) == nil)
        #expect(throws: DJIDecodingError(reason: "not JSON")) {
            try DJIEnvelope(decoding: Array(#"{"tid":"a","data":{"x":1,},}"#.utf8))
        }
    }

    @Test func rejectsInvalidUTF8InStringsAndOutsideThem() {
        let invalidSequences: [[UInt8]] = [[0xC3, 0x28], [0xFF], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xE2, 0x82]]
        for sequence in invalidSequences {
            let inString = Array(#"{"a":""#.utf8) + sequence + Array(#""}"#.utf8)
            #expect(throws: JSONParseError.self, "\(sequence)") { try JSONParser.parse(inString) }
            let inKey = Array(#"{""#.utf8) + sequence + Array(#"":1}"#.utf8)
            #expect(throws: JSONParseError.self, "\(sequence)") { try JSONParser.parse(inKey) }
            #expect(throws: JSONParseError.self, "\(sequence)") { try JSONParser.parse(sequence) }
        }
        // After an escape, on the slow path too.
        let afterEscape = Array(#"["\n"#.utf8) + [0xC3, 0x28] + Array(#""]"#.utf8)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(afterEscape) }
    }

    @Test func limitsNestingTo512Levels() throws {
        func nested(_ depth: Int) -> String {
            String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        }
        #expect(try Self.parse(nested(512)) == Self.foundation(Array(nested(512).utf8)))
        #expect(throws: JSONParseError.self) { try Self.parse(nested(513)) }
        #expect(Self.foundation(Array(nested(513).utf8)) == nil)
        let objects = String(repeating: #"{"a":"#, count: 513) + "1" + String(repeating: "}", count: 513)
        #expect(throws: JSONParseError.self) { try Self.parse(objects) }
        #expect(throws: JSONParseError.self) { try Self.parse(nested(100_000)) }
    }

    @Test func saysWhereItGaveUp() {
        #expect(throws: JSONParseError(reason: "expected ',' or ']' in an array", offset: 3)) {
            try Self.parse("[1 2]")
        }
        #expect(throws: JSONParseError(reason: "unexpected bytes after the JSON value", offset: 4)) {
            try Self.parse("{}  x")
        }
    }

    @Test func readsNonContiguousCollections() throws {
        let bytes = Array(#"{"a":[1,2.5,"x"]}"#.utf8)
        #expect(try JSONParser.parse(bytes.lazy.map { $0 }) == JSONParser.parse(bytes))
        #expect(try JSONParser.parse(bytes[...]) == .object(["a": .array([.integer(1), .double(2.5), .string("x")])]))
    }

    /// Random documents built from the capture's own values, written by Foundation's encoder (the bridge's
    /// flush path) and read back by both parsers.
    @Test func agreesWithFoundationOnEncodedDocuments() throws {
        var generator = SystemRandomNumberGenerator()
        let leaves: [JSONValue] = [
            .null, .bool(true), .bool(false), .integer(0), .integer(-1), .integer(.max), .integer(.min),
            .double(0.1), .double(-2.5e-10), .double(1.7976931348623157e308), .string(""), .string("\"\\/\u{1}é😀"),
        ]
        func document(depth: Int) -> JSONValue {
            if depth == 0 || Int.random(in: 0..<4, using: &generator) == 0 {
                return leaves.randomElement(using: &generator) ?? .null
            }
            let count = Int.random(in: 0..<5, using: &generator)
            if Bool.random(using: &generator) {
                return .array((0..<count).map { _ in document(depth: depth - 1) })
            }
            return .object(
                Dictionary((0..<count).map { ("k\($0)\u{e9}", document(depth: depth - 1)) }) { first, _ in first })
        }
        for _ in 0..<500 {
            let bytes = Array(document(depth: 6).jsonData)
            #expect(try JSONParser.parse(bytes) == Self.foundation(bytes), "\(String(decoding: bytes, as: UTF8.self))")
        }
    }
}
