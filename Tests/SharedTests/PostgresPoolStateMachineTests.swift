import Testing

@testable import Shared

@Suite struct PostgresPoolStateMachineTests {
    /// Connections and waiters are plain values here: the machine only keeps and returns them.
    typealias Machine = PostgresPoolStateMachine<String, String>

    @Test func opensLazilyUpToTheLimitThenQueuesWaiters() {
        var machine = Machine(maxConnections: 2)
        #expect(machine.borrow(id: 1, waiter: "w1", isCancelled: false) == .lease(.openSlot))
        #expect(machine.borrow(id: 2, waiter: "w2", isCancelled: false) == .lease(.openSlot))
        #expect(machine.borrow(id: 3, waiter: "w3", isCancelled: false) == .wait)
        #expect(machine.waiterCount == 1)
    }

    @Test func releasedConnectionsGoToWaitersFirstInFirstServed() {
        var machine = Machine(maxConnections: 1)
        _ = machine.borrow(id: 1, waiter: "w1", isCancelled: false)
        _ = machine.borrow(id: 2, waiter: "w2", isCancelled: false)
        _ = machine.borrow(id: 3, waiter: "w3", isCancelled: false)
        #expect(machine.release("c1", reusable: true) == .resume("w2", .connection("c1"), closing: nil))
        #expect(machine.release("c1", reusable: true) == .resume("w3", .connection("c1"), closing: nil))
        #expect(machine.release("c1", reusable: true) == .none)
        #expect(machine.borrow(id: 4, waiter: "w4", isCancelled: false) == .lease(.connection("c1")))
    }

    @Test func aBrokenConnectionsSlotGoesToTheNextWaiter() {
        var machine = Machine(maxConnections: 1)
        _ = machine.borrow(id: 1, waiter: "w1", isCancelled: false)
        _ = machine.borrow(id: 2, waiter: "w2", isCancelled: false)
        #expect(machine.release("c1", reusable: false) == .resume("w2", .openSlot, closing: "c1"))
        #expect(machine.release("c2", reusable: false) == .close("c2"))
        // The slot is free again.
        #expect(machine.borrow(id: 3, waiter: "w3", isCancelled: false) == .lease(.openSlot))
    }

    @Test func aCancelledWaiterLeavesWithoutTakingASlot() {
        var machine = Machine(maxConnections: 1)
        _ = machine.borrow(id: 1, waiter: "w1", isCancelled: false)
        _ = machine.borrow(id: 2, waiter: "w2", isCancelled: false)
        #expect(machine.cancel(id: 2) == "w2")
        #expect(machine.cancel(id: 2) == nil)
        #expect(machine.waiterCount == 0)
        #expect(machine.release("c1", reusable: true) == .none)
        #expect(machine.borrow(id: 3, waiter: "w3", isCancelled: false) == .lease(.connection("c1")))
    }

    @Test func aCancelledBorrowerIsNotQueuedButStillGetsAFreeConnection() {
        var machine = Machine(maxConnections: 1)
        #expect(machine.borrow(id: 1, waiter: "w1", isCancelled: true) == .lease(.openSlot))
        #expect(machine.borrow(id: 2, waiter: "w2", isCancelled: true) == .cancelled)
        #expect(machine.waiterCount == 0)
    }

    @Test func aFailedOpenPassesTheSlotOnOrFreesIt() {
        var machine = Machine(maxConnections: 1)
        _ = machine.borrow(id: 1, waiter: "w1", isCancelled: false)
        _ = machine.borrow(id: 2, waiter: "w2", isCancelled: false)
        #expect(machine.openFailed() == "w2")
        #expect(machine.openFailed() == nil)
        #expect(machine.borrow(id: 3, waiter: "w3", isCancelled: false) == .lease(.openSlot))
    }

    @Test func closingHandsBackTheIdleConnections() {
        var machine = Machine(maxConnections: 2)
        _ = machine.borrow(id: 1, waiter: "w1", isCancelled: false)
        _ = machine.borrow(id: 2, waiter: "w2", isCancelled: false)
        _ = machine.release("c1", reusable: true)
        let closed = machine.close()
        #expect(closed.idle == ["c1"])
        #expect(closed.waiters.isEmpty)
        // The connection still lent out is closed when it comes back; nothing is lent any more.
        #expect(machine.release("c2", reusable: true) == .close("c2"))
        #expect(machine.borrow(id: 3, waiter: "w3", isCancelled: false) == .closed)
    }

    @Test func closingHandsBackTheWaitersAndGivesThemNoSlots() {
        var machine = Machine(maxConnections: 1)
        _ = machine.borrow(id: 1, waiter: "w1", isCancelled: false)
        _ = machine.borrow(id: 2, waiter: "w2", isCancelled: false)
        _ = machine.borrow(id: 3, waiter: "w3", isCancelled: false)
        let closed = machine.close()
        #expect(closed.idle.isEmpty)
        #expect(closed.waiters == ["w2", "w3"])
        #expect(machine.release("c1", reusable: false) == .close("c1"))
        #expect(machine.openFailed() == nil)
    }
}
