import Shared
import Synchronization
import Testing

@testable import DJIBridge

@Suite struct ResponseMailboxTests {
    let answer = DynamicSecurityResponse(command: "getClient", correlationData: "a")

    @Test func aResponseThatArrivesBeforeTheWaitIsKept() async throws {
        var mailbox = ResponseMailbox()
        mailbox.expect(["a"])
        #expect(mailbox.deliver(answer) == nil)
        let response = try await withCheckedThrowingContinuation { (waiter: ResponseMailbox.Waiter) in
            guard case .resume(let response) = mailbox.wait(for: "a", waiter) else {
                waiter.resume(throwing: CancellationError())
                return
            }
            waiter.resume(returning: response)
        }
        #expect(response == answer)
        #expect(mailbox.count == 0)
    }

    @Test func unexpectedAndForgottenResponsesAreDropped() {
        var mailbox = ResponseMailbox()
        #expect(mailbox.deliver(answer) == nil)
        mailbox.expect(["a", "b"])
        #expect(mailbox.forget(["a", "b"]).isEmpty)
        #expect(mailbox.deliver(answer) == nil)
        #expect(mailbox.count == 0)
    }

    @Test func aWaiterGetsTheResponseWhenItArrives() async throws {
        let mailbox = Mutex(ResponseMailbox())
        mailbox.withLock { $0.expect(["a"]) }
        let response = try await withCheckedThrowingContinuation { (waiter: ResponseMailbox.Waiter) in
            #expect(mailbox.withLock { $0.wait(for: "a", waiter) }.isWait)
            guard let (ready, delivered) = mailbox.withLock({ $0.deliver(answer) }) else {
                waiter.resume(throwing: CancellationError())
                return
            }
            ready.resume(returning: delivered)
        }
        #expect(response == answer)
    }
}

extension ResponseMailbox.WaitAction {
    var isWait: Bool {
        if case .wait = self { return true }
        return false
    }
}
