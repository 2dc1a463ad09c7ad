import Foundation
import Testing

@testable import Shared

@Suite struct RequestReplyLifecycleTests {
    let received = Date(timeIntervalSince1970: 1_800_000_000)
    var expiresAt: Date { received.addingTimeInterval(60) }

    @Test func aPendingRequestIsQueuedOnceAndThenSent() {
        var lifecycle = RequestReplyLifecycle(code: .pending, expiresAt: expiresAt)
        #expect(lifecycle.reply(at: received.addingTimeInterval(10)) == .queue)
        #expect(lifecycle.code == .queued)
        #expect(lifecycle.reply(at: received.addingTimeInterval(11)) == .reject(.alreadyReplied))
        #expect(lifecycle.published(.acknowledged) == .markSent)
        #expect(lifecycle.code == .sent)
        #expect(lifecycle.published(.acknowledged) == .ignore)
        #expect(lifecycle.reply(at: received.addingTimeInterval(12)) == .reject(.alreadyReplied))
    }

    @Test func aReplyAtOrAfterTheDeadlineIsExpiredEvenBeforeTheSweeperRan() {
        var lifecycle = RequestReplyLifecycle(code: .pending, expiresAt: expiresAt)
        #expect(lifecycle.reply(at: expiresAt) == .reject(.expired))
        #expect(lifecycle.code == .pending)
        var swept = RequestReplyLifecycle(code: .expired, expiresAt: expiresAt)
        #expect(swept.reply(at: received) == .reject(.expired))
    }

    @Test(arguments: [RequestReplyCode.queued, .sent, .autoReplied, .failed])
    func onlyPendingRequestsTakeAReply(code: RequestReplyCode) {
        var lifecycle = RequestReplyLifecycle(code: code, expiresAt: nil)
        #expect(lifecycle.reply(at: received) == .reject(.alreadyReplied))
        #expect(lifecycle.code == code)
    }

    @Test func aReplyThatWasNotSentIsReleasedForAnotherTry() {
        var lifecycle = RequestReplyLifecycle(code: .queued, expiresAt: nil)
        #expect(lifecycle.published(.notSent("not connected")) == .release)
        #expect(lifecycle.code == .queued)
    }

    @Test func aReplyWithAnUnknownOutcomeFailsAndIsNeverRetried() {
        var lifecycle = RequestReplyLifecycle(code: .queued, expiresAt: nil)
        #expect(lifecycle.published(.failed("connection lost")) == .markFailed("connection lost"))
        #expect(lifecycle.code == .failed)
        #expect(lifecycle.published(.acknowledged) == .ignore)
    }

    @Test func publishingOutcomesDoNotTouchRequestsThatAreNotQueued() {
        for code in RequestReplyCode.allCases where code != .queued {
            var lifecycle = RequestReplyLifecycle(code: code, expiresAt: expiresAt)
            #expect(lifecycle.published(.acknowledged) == .ignore)
            #expect(lifecycle.code == code)
        }
    }

    @Test func autoRepliesAreAutoRepliedOrFailed() {
        #expect(RequestReplyLifecycle.autoReplied(published: true) == .autoReplied)
        #expect(RequestReplyLifecycle.autoReplied(published: false) == .failed)
    }
}
