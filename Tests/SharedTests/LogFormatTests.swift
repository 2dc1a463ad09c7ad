import Testing

@testable import Shared

@Suite struct LogFormatTests {
    @Test func parsesTheDocumentedNames() {
        #expect(LogFormat(rawValue: "text") == .text)
        #expect(LogFormat(rawValue: "json") == .json)
        #expect(LogFormat(rawValue: "xml") == nil)
    }
}
