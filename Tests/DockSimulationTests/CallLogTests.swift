import Shared
import Testing

@testable import DockSimulation

/// A simulated dock's memory of its calls stays bounded however long it runs, and keeps totals beyond the window.
@Suite struct CallLogTests {
    func call(_ tid: String) throws -> DJIEnvelope {
        let message: JSONValue = .object(["tid": .string(tid), "method": .string("cover_open"), "data": .object([:])])
        return try DJIEnvelope(decoding: DJIReply.bytes(message))
    }

    @Test func countsRepeatsOfATidAndItsFirstAnswer() throws {
        var log = CallLog()
        let now = ContinuousClock.now
        log.receive(try call("a"))
        log.receive(try call("a"))
        log.receive(nil)
        log.answer("a", at: now)
        log.answer("a", at: now + .seconds(1))
        #expect(log.received == ["a": 2, "": 1])
        #expect(log.replied["a"] == now)
        #expect(log.totalCalls == 2)
        #expect(log.totalAnswered == 1)
        #expect(log.recentCalls.map(\.tid) == ["a", "a"])
    }

    @Test func forgetsTheOldestTidsAndCallsBeyondItsCapacityButKeepsTotals() throws {
        var log = CallLog(tidCapacity: 3, callCapacity: 2)
        for index in 0..<10 {
            log.receive(try call("t\(index)"))
            log.answer("t\(index)", at: .now)
        }
        #expect(Set(log.received.keys) == ["t7", "t8", "t9"])
        #expect(Set(log.replied.keys) == ["t7", "t8", "t9"])
        #expect(log.recentCalls.map(\.tid) == ["t8", "t9"])
        #expect(log.totalCalls == 10)
        #expect(log.totalAnswered == 10)
    }
}
