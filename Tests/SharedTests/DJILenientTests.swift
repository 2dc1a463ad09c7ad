import Testing

@testable import Shared

@Suite struct DJILenientTests {
    @Test(arguments: [
        (JSONValue.integer(3), 3 as Int64?),
        (.double(3.0), 3),
        (.double(5.0970001), 5),
        (.double(-2.7), -2),
        (.string("3"), 3),
        (.string(" 3 "), 3),
        (.string("3.0"), 3),
        (.string("-12"), -12),
        (.string("1735722000000"), 1_735_722_000_000),
        (.bool(true), 1),
        (.bool(false), 0),
        (.string(""), nil),
        (.string("three"), nil),
        (.double(1e300), nil),
        (.null, nil),
        (.array([.integer(3)]), nil),
        (.object(["a": .integer(3)]), nil),
    ])
    func readsIntegersFromNumbersAndStrings(value: JSONValue, expected: Int64?) {
        #expect(DJILenient.int64(value) == expected)
        #expect(DJILenient.int(value) == expected.map { Int($0) })
    }

    @Test func missingValuesAreNil() {
        #expect(DJILenient.int64(nil) == nil)
        #expect(DJILenient.int(nil) == nil)
        #expect(DJILenient.string(nil) == nil)
        #expect(DJILenient.bool(nil) == nil)
    }

    @Test(arguments: [
        (JSONValue.string("x"), "x" as String?),
        (.string(""), ""),
        (.integer(3), "3"),
        (.integer(-1_735_722_000_000), "-1735722000000"),
        (.double(3.0), "3"),
        (.double(2.5), "2.5"),
        (.bool(true), nil),
        (.null, nil),
        (.array([]), nil),
        (.object([:]), nil),
    ])
    func readsStringsFromStringsAndNumbers(value: JSONValue, expected: String?) {
        #expect(DJILenient.string(value) == expected)
    }

    @Test(arguments: [
        (JSONValue.bool(true), true as Bool?),
        (.bool(false), false),
        (.integer(1), true),
        (.integer(0), false),
        (.double(0.0), false),
        (.string("1"), true),
        (.string("0"), false),
        (.string("TRUE"), true),
        (.string("false"), false),
        (.string("yes"), nil),
        (.null, nil),
        (.array([]), nil),
    ])
    func readsFlagsFromBoolsNumbersAndStrings(value: JSONValue, expected: Bool?) {
        #expect(DJILenient.bool(value) == expected)
    }
}
