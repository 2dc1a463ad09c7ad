import Shared
import Testing

@testable import DockSimulation

/// Replies are matched to what a simulated dock waits for by `tid`, whether they come before or after it waits.
@Suite struct ReplyWaitersTests {
    let reply: JSONValue = .object(["tid": .string("t"), "data": .object(["result": .integer(0)])])

    @Test func aReplyThatArrivesBeforeTheWaitIsKept() async {
        let waiters = ReplyWaiters()
        waiters.register("t")
        #expect(waiters.deliver(reply, tid: "t"))
        #expect(await waiters.wait("t", timeout: .seconds(60)) == reply)
    }

    @Test func aReplyEndsAWaitThatIsUnderWay() async {
        let waiters = ReplyWaiters()
        waiters.register("t")
        async let answered = waiters.wait("t", timeout: .seconds(60))
        // Delivery is retried until the waiter took it: the wait may not have begun when this task runs first.
        let reply = reply
        while !waiters.deliver(reply, tid: "t") { await Task.yield() }
        #expect(await answered == reply)
    }

    @Test func noReplyEndsTheWaitWithNilAndALateReplyIsRefused() async {
        let waiters = ReplyWaiters()
        waiters.register("t")
        #expect(await waiters.wait("t", timeout: .milliseconds(10)) == nil)
        #expect(!waiters.deliver(reply, tid: "t"))
        #expect(!waiters.deliver(reply, tid: "unknown"))
    }
}
