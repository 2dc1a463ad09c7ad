import Logging
import Testing

@testable import Shared

@Suite struct EnvironmentTests {
    @Test func emptyValuesCountAsUnset() throws {
        let environment = Environment(["A": "", "B": "x"])
        #expect(environment.string("A") == nil)
        #expect(environment.string("A", default: "d") == "d")
        #expect(throws: ConfigurationError.self) { try environment.required("A") }
        #expect(try environment.required("B") == "x")
    }

    @Test func integersAreCheckedAgainstTheirRange() throws {
        let environment = Environment(["PORT": "8081", "BAD": "80x", "BIG": "70000"])
        #expect(try environment.int("PORT", default: 1, range: 0...65535) == 8081)
        #expect(try environment.int("UNSET", default: 7, range: 0...65535) == 7)
        let error = #expect(throws: ConfigurationError.self) { try environment.int("BAD", default: 1, range: 0...9) }
        #expect(error?.description == "BAD must be a whole number from 0 to 9, got '80x'")
        #expect(throws: ConfigurationError.self) { try environment.int("BIG", default: 1, range: 0...65535) }
    }

    @Test func loggingReadsLevelAndFormat() throws {
        let configuration = try LoggingConfiguration(
            environment: Environment(["LOG_LEVEL": "DEBUG", "LOG_FORMAT": "json"]))
        #expect(configuration.level == .debug)
        #expect(configuration.format == .json)
        let defaults = try LoggingConfiguration(environment: Environment([:]))
        #expect(defaults.level == .info)
        #expect(defaults.format == .text)
        let error = #expect(throws: ConfigurationError.self) {
            try LoggingConfiguration(environment: Environment(["LOG_FORMAT": "xml"]))
        }
        #expect(error?.variable == "LOG_FORMAT")
    }

    @Test func booleansAcceptTheUsualSpellings() throws {
        let environment = Environment(["T": "yes", "F": "0", "X": "maybe"])
        #expect(try environment.bool("T", default: false))
        #expect(try !environment.bool("F", default: true))
        #expect(throws: ConfigurationError.self) { try environment.bool("X", default: true) }
    }
}
