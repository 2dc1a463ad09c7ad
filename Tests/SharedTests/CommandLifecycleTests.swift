import Foundation
import Testing

@testable import Shared

@Suite struct CommandLifecycleTests {
    static let deadline = Date(timeIntervalSince1970: 1_800_000_000)
    static let beforeDeadline = deadline.addingTimeInterval(-10)

    static func command(
        _ status: CommandStatus = .delivered, method: String = "live_start_push", gateway: String = "DOCK-1",
        delivered: Bool = true, attempted: Bool = true, byReply: Bool = false
    ) -> CommandLifecycle.Command {
        CommandLifecycle.Command(
            status: status, method: method, gatewaySN: gateway, deadline: deadline, delivered: delivered,
            publishAttempted: attempted, completedByReply: byReply)
    }

    static func reply(_ text: String) throws -> DJIServiceReply {
        try #require(DJIServiceReply(envelope: try DJIFixtures.envelope(text)))
    }

    static func reply(method: String = "live_start_push", gateway: String? = nil, data: String) throws
        -> DJIServiceReply
    {
        let gatewayMember = gateway.map { #","gateway":"\#($0)""# } ?? ""
        return try reply(#"{"tid":"t","bid":"b","method":"\#(method)"\#(gatewayMember),"data":\#(data)}"#)
    }

    @Test func aReplyWithResultZeroSucceedsAndKeepsDataWhole() throws {
        var lifecycle = CommandLifecycle(Self.command())
        let action = lifecycle.replyReceived(
            try Self.reply(data: #"{"result":0,"output":{"status":"ok"}}"#), topicSN: "DOCK-1",
            at: Self.beforeDeadline)
        #expect(
            action
                == .complete(
                    CommandOutcome(
                        status: .succeeded, responseCode: "0", responseMessage: nil,
                        vendorResponse: .object(["result": .integer(0), "output": .object(["status": .string("ok")])])
                    )))
        #expect(lifecycle.command.status == .succeeded)
        #expect(lifecycle.command.completedByReply)
    }

    @Test(
        arguments: [
            (#"{"result":316009}"#, "316009", nil),
            (#"{"result":1,"code":316009}"#, "316009", nil),
            (#"{"result":1,"code":"E_BUSY","message":"dock busy"}"#, "E_BUSY", "dock busy"),
            (#"{"result":514103,"msg":"battery low"}"#, "514103", "battery low"),
            (#"{"result":2,"description":"no camera"}"#, "2", "no camera"),
            (#"{"result":3,"msg":"second","description":"third","message":"first"}"#, "3", "first"),
            (#"{"result":3,"description":"third","msg":"second"}"#, "3", "second"),
            (#"{"output":{}}"#, nil, nil),
        ] as [(String, String?, String?)])
    func aFailureMapsCodeOrResultAndTheFirstMessageKey(data: String, code: String?, message: String?) throws {
        var lifecycle = CommandLifecycle(Self.command())
        let reply = try Self.reply(data: data)
        let action = lifecycle.replyReceived(reply, topicSN: "DOCK-1", at: Self.beforeDeadline)
        #expect(
            action
                == .complete(
                    CommandOutcome(
                        status: .failed, responseCode: code, responseMessage: message,
                        vendorResponse: reply.vendorResponse)))
    }

    @Test func aLongRunningMethodSucceedsWhenTheDeviceAcceptsTheJob() throws {
        var lifecycle = CommandLifecycle(Self.command(method: "cover_open"))
        let reply = try Self.reply(method: "cover_open", data: #"{"result":0,"output":{"status":"in_progress"}}"#)
        guard case .complete(let outcome) = lifecycle.replyReceived(reply, topicSN: "DOCK-1", at: Self.beforeDeadline)
        else {
            Issue.record("not completed")
            return
        }
        #expect(outcome.status == .succeeded)
    }

    @Test func aReplyForAnAcceptedCommandWhosePublishWasNotConfirmedStillCompletesIt() throws {
        var lifecycle = CommandLifecycle(Self.command(.accepted, delivered: false))
        let action = lifecycle.replyReceived(
            try Self.reply(data: #"{"result":0}"#), topicSN: "DOCK-1", at: Self.beforeDeadline)
        guard case .complete(let outcome) = action else {
            Issue.record("not completed: \(action)")
            return
        }
        #expect(outcome.status == .succeeded)
        #expect(lifecycle.command.delivered)
    }

    @Test func aReplyAtOrAfterTheDeadlineTimesTheCommandOutAndIsKeptAsLate() throws {
        for reach in DeliveryReach.allCases {
            let command = Self.command(
                .accepted, delivered: reach == .delivered, attempted: reach != .neverPublished)
            for now in [Self.deadline, Self.deadline.addingTimeInterval(5)] {
                var lifecycle = CommandLifecycle(command)
                let action = lifecycle.replyReceived(
                    try Self.reply(data: #"{"result":0}"#), topicSN: "DOCK-1", at: now)
                #expect(
                    action
                        == .completeAndKeep(
                            CommandOutcome(status: .timedOut, responseMessage: reach.timeoutMessage), .late))
                #expect(lifecycle.command.status == .timedOut)
            }
        }
    }

    @Test func timeoutMessagesSayWhetherTheCommandWasDelivered() {
        #expect(DeliveryReach(delivered: true, publishAttempted: true) == .delivered)
        #expect(DeliveryReach(delivered: false, publishAttempted: true) == .unconfirmed)
        #expect(DeliveryReach(delivered: false, publishAttempted: false) == .neverPublished)
        #expect(DeliveryReach.delivered.timeoutMessage.contains("had been delivered"))
        #expect(DeliveryReach.unconfirmed.timeoutMessage.contains("may not have received it"))
        #expect(DeliveryReach.neverPublished.timeoutMessage.contains("never delivered"))
    }

    @Test func aReplyWithAnotherMethodMakesTheCommandUnmatched() throws {
        var lifecycle = CommandLifecycle(Self.command())
        let reply = try Self.reply(method: "live_stop_push", data: #"{"result":0,"message":"ok"}"#)
        let action = lifecycle.replyReceived(reply, topicSN: "DOCK-1", at: Self.beforeDeadline)
        #expect(
            action
                == .completeAndKeep(
                    CommandOutcome(
                        status: .unmatchedResponse, responseCode: "0",
                        responseMessage:
                            "the reply is for method live_stop_push, but the command's method is live_start_push",
                        vendorResponse: reply.vendorResponse),
                    .methodMismatch))
        #expect(lifecycle.command.status == .unmatchedResponse)
    }

    @Test func aReplyFromAnotherGatewayMakesTheCommandUnmatched() throws {
        var onTopic = CommandLifecycle(Self.command())
        let fromTopic = onTopic.replyReceived(
            try Self.reply(data: #"{"result":0}"#), topicSN: "DOCK-2", at: Self.beforeDeadline)
        guard case .completeAndKeep(let outcome, .gatewayMismatch) = fromTopic else {
            Issue.record("not a gateway mismatch: \(fromTopic)")
            return
        }
        #expect(outcome.status == .unmatchedResponse)
        #expect(outcome.responseMessage?.contains("DOCK-2") == true)

        var inBody = CommandLifecycle(Self.command())
        let named = inBody.replyReceived(
            try Self.reply(gateway: "DOCK-9", data: #"{"result":0}"#), topicSN: "DOCK-1", at: Self.beforeDeadline)
        guard case .completeAndKeep(_, .gatewayMismatch) = named else {
            Issue.record("not a gateway mismatch: \(named)")
            return
        }
    }

    @Test func aReplyWithoutMethodOrGatewayMatchesOnItsTID() throws {
        var lifecycle = CommandLifecycle(Self.command())
        let reply = try Self.reply(#"{"tid":"t","data":{"result":0}}"#)
        guard case .complete(let outcome) = lifecycle.replyReceived(reply, topicSN: "DOCK-1", at: Self.beforeDeadline)
        else {
            Issue.record("not completed")
            return
        }
        #expect(outcome.status == .succeeded)
        var named = CommandLifecycle(Self.command())
        let sameGateway = try Self.reply(gateway: "DOCK-1", data: #"{"result":0}"#)
        guard case .complete = named.replyReceived(sameGateway, topicSN: "DOCK-1", at: Self.beforeDeadline) else {
            Issue.record("not completed")
            return
        }
    }

    @Test(arguments: [
        (CommandStatus.succeeded, true, UnmatchedReplyReason.duplicate),
        (.failed, true, .duplicate),
        (.unmatchedResponse, true, .duplicate),
        (.failed, false, .afterTerminal),
        (.timedOut, false, .late),
    ])
    func aTerminalCommandNeverChangesAndItsRepliesAreKept(
        status: CommandStatus, byReply: Bool, reason: UnmatchedReplyReason
    ) throws {
        let command = Self.command(status, byReply: byReply)
        var lifecycle = CommandLifecycle(command)
        let action = lifecycle.replyReceived(
            try Self.reply(data: #"{"result":0}"#), topicSN: "DOCK-1", at: Self.beforeDeadline)
        #expect(action == .keep(reason))
        #expect(lifecycle.command == command)
        #expect(lifecycle.published(reasonCode: 0) == .ignore)
        #expect(lifecycle.publishFailed(.nothingSent) == .ignore)
        #expect(lifecycle.command == command)
    }

    @Test func aSecondReplyIsADuplicateAndAWrongOneAfterwardsChangesNothing() throws {
        var lifecycle = CommandLifecycle(Self.command())
        let first = try Self.reply(data: #"{"result":0}"#)
        guard case .complete = lifecycle.replyReceived(first, topicSN: "DOCK-1", at: Self.beforeDeadline) else {
            Issue.record("not completed")
            return
        }
        #expect(lifecycle.replyReceived(first, topicSN: "DOCK-1", at: Self.beforeDeadline) == .keep(.duplicate))
        let wrong = try Self.reply(method: "other", data: #"{"result":1}"#)
        #expect(lifecycle.replyReceived(wrong, topicSN: "DOCK-1", at: Self.beforeDeadline) == .keep(.duplicate))
        #expect(lifecycle.command.status == .succeeded)
    }

    @Test func thePubackDeliversUnlessTheBrokerHadNoSubscriber() {
        var accepted = CommandLifecycle(Self.command(.accepted, delivered: false))
        #expect(accepted.published(reasonCode: 0) == .markDelivered)
        #expect(accepted.command.status == .delivered)
        #expect(accepted.command.delivered)

        var mqtt311 = CommandLifecycle(Self.command(.accepted, delivered: false))
        #expect(mqtt311.published(reasonCode: nil) == .markDelivered)

        var noSubscriber = CommandLifecycle(Self.command(.accepted, delivered: false))
        #expect(noSubscriber.published(reasonCode: 0x10) == .retry(after: CommandLifecycle.retryDelay))
        #expect(noSubscriber.command.status == .accepted)
        #expect(!noSubscriber.command.publishAttempted)
    }

    @Test func aFailedPublishIsRetriedOnlyWhenNothingWasSent() {
        var notSent = CommandLifecycle(Self.command(.accepted, delivered: false))
        #expect(notSent.publishFailed(.nothingSent) == .retry(after: CommandLifecycle.retryDelay))
        #expect(!notSent.command.publishAttempted)

        var unknown = CommandLifecycle(Self.command(.accepted, delivered: false))
        #expect(unknown.publishFailed(.outcomeUnknown) == .leaveUnconfirmed)
        #expect(unknown.command.publishAttempted)
        #expect(unknown.command.status == .accepted)

        var refused = CommandLifecycle(Self.command(.accepted, delivered: false))
        #expect(
            refused.publishFailed(.rejected("not authorized"))
                == .fail(
                    CommandOutcome(
                        status: .failed, responseMessage: "the command could not be published: not authorized")))
        #expect(refused.command.status == .failed)
        #expect(refused.publishFailed(.nothingSent) == .ignore)
    }

    @Test func everyCapturedDock3ReplyCompletesTheCommandItAnswers() throws {
        let calls = try DJIFixtures.captureLines(DJIFixtures.dockServices)
        let replies = try DJIFixtures.captureLines(DJIFixtures.dockServicesReply)
        var completed = 0
        for line in replies {
            let envelope = try DJIEnvelope(decoding: line.payload)
            let reply = try #require(DJIServiceReply(envelope: envelope))
            let call = try #require(calls.first { $0.line["payload"]?["tid"]?.stringValue == reply.tid })
            let method = try #require(call.line["payload"]?["method"]?.stringValue)
            var lifecycle = CommandLifecycle(Self.command(method: method, gateway: "SN_DOCK_FIXTURE"))
            let topic = try #require(DJITopic(line.topic))
            let action = lifecycle.replyReceived(reply, topicSN: topic.sn, at: Self.beforeDeadline)
            guard case .complete(let outcome) = action else {
                Issue.record("\(method): \(action)")
                continue
            }
            #expect(outcome.status == (reply.result == 0 ? .succeeded : .failed))
            completed += 1
        }
        #expect(completed == replies.count)
    }
}
