import Foundation

/// The life cycle of one downlink command as a value (API.md §3): given what is stored about the command and one
/// event — a `services_reply`, the broker's acknowledgement of the publish, a failed publish — it says what to
/// do. The owner loads the command (locked), feeds the event, performs the action and stores the result.
///
/// Rules, and why:
/// - A terminal status never changes. A reply for a terminal command is kept for operators (`keep`) with the
///   reason: `late` after a timeout, `duplicate` after a reply completed it, `after_terminal` otherwise.
/// - A reply at or after the deadline times the command out and is kept as `late`, even when the deadline sweeper
///   has not run yet: `TIMED_OUT` means "no reply before `deadline_at`", whichever process looks first.
/// - Method and gateway are compared only when the reply names them: DJI's `services_reply` carries `gateway` only
///   sometimes (reference §3), and the `tid` is a UUID only this platform chose, so an absent field is no reason
///   to doubt the match. The topic's SN is always compared with the command's gateway.
/// - `result == 0` is success, anything else (including no readable `result`) is a failure: a reply that does
///   not say the command worked must not report it as done. For long-running methods this means "accepted and
///   started" (reference §4.2); their progress events update `progress`, not the status.
public struct CommandLifecycle: Sendable {
    /// What the life cycle needs to know about a stored command.
    public struct Command: Sendable, Hashable {
        public var status: CommandStatus
        public var method: String
        /// The gateway the command is published to (`thing/product/{gateway_sn}/services`).
        public var gatewaySN: String
        public var deadline: Date
        /// The broker acknowledged the publish (`delivered_at` is set).
        public var delivered: Bool
        /// A publish was started (`publish_attempted_at` is set).
        public var publishAttempted: Bool
        /// A reply completed the command (`vendor_response` is set).
        public var completedByReply: Bool

        public init(
            status: CommandStatus, method: String, gatewaySN: String, deadline: Date, delivered: Bool,
            publishAttempted: Bool, completedByReply: Bool
        ) {
            self.status = status
            self.method = method
            self.gatewaySN = gatewaySN
            self.deadline = deadline
            self.delivered = delivered
            self.publishAttempted = publishAttempted
            self.completedByReply = completedByReply
        }
    }

    /// What to do with a `services_reply` that carries the command's `tid`.
    public enum ReplyAction: Sendable, Hashable {
        /// Store the outcome; the reply is the command's, which also proves delivery (`delivered_at` is set if the
        /// PUBACK was never recorded).
        case complete(CommandOutcome)
        /// Store the outcome and keep the reply for operators too (a mismatch, or a reply that came too late).
        case completeAndKeep(CommandOutcome, UnmatchedReplyReason)
        /// Leave the command as it is; keep the reply for operators.
        case keep(UnmatchedReplyReason)
    }

    /// What to do after a publish attempt.
    public enum PublishAction: Sendable, Hashable {
        /// Record `delivered_at` and move an `ACCEPTED` command to `DELIVERED`.
        case markDelivered
        /// Nothing reached the device: clear the attempt so the command is published again after `after`.
        case retry(after: Duration)
        /// The publish failed for good.
        case fail(CommandOutcome)
        /// The outcome is unknown: keep the attempt recorded so the command is never published again; its reply
        /// (if any) still completes it by `tid`, else the deadline times it out.
        case leaveUnconfirmed
        /// The command already ended; nothing to record.
        case ignore
    }

    /// How long a command waits before it is published again after nothing reached the device.
    public static let retryDelay: Duration = .seconds(1)

    private enum State {
        case open(Command)
        case closed(Command)
    }

    private var state: State

    public init(_ command: Command) {
        state = command.status.isTerminal ? .closed(command) : .open(command)
    }

    /// The command as the events so far left it.
    public var command: Command {
        switch state {
        case .open(let command), .closed(let command): command
        }
    }

    /// A `services_reply` with the command's `tid` arrived on `thing/product/{topicSN}/services_reply` at `now`.
    public mutating func replyReceived(_ reply: DJIServiceReply, topicSN: String, at now: Date) -> ReplyAction {
        guard case .open(var command) = state else {
            let stored = command
            if stored.status == .timedOut { return .keep(.late) }
            return .keep(stored.completedByReply ? .duplicate : .afterTerminal)
        }
        if now >= command.deadline {
            let reach = DeliveryReach(delivered: command.delivered, publishAttempted: command.publishAttempted)
            let outcome = CommandOutcome(status: .timedOut, responseMessage: reach.timeoutMessage)
            close(&command, with: outcome, byReply: false)
            return .completeAndKeep(outcome, .late)
        }
        if let mismatch = mismatch(of: reply, topicSN: topicSN, command: command) {
            let outcome = CommandOutcome(
                status: .unmatchedResponse, responseCode: reply.responseCode, responseMessage: mismatch.message,
                vendorResponse: reply.vendorResponse)
            close(&command, with: outcome, byReply: true)
            return .completeAndKeep(outcome, mismatch.reason)
        }
        let outcome = CommandOutcome(
            status: reply.isSuccess ? .succeeded : .failed, responseCode: reply.responseCode,
            responseMessage: reply.message, vendorResponse: reply.vendorResponse)
        // The matching reply proves the device got the command, whatever the PUBACK bookkeeping recorded.
        command.delivered = true
        close(&command, with: outcome, byReply: true)
        return .complete(outcome)
    }

    /// The broker acknowledged the publish; `reasonCode` is the MQTT 5 PUBACK reason (nil on MQTT 3.1.1).
    ///
    /// 0x10 "no matching subscribers" means the broker dropped the message because nobody subscribes to the
    /// gateway's topic: the dock is not connected (yet), so nothing was delivered and publishing again is safe.
    public mutating func published(reasonCode: Int?) -> PublishAction {
        guard case .open(var command) = state else { return .ignore }
        if reasonCode == 0x10 {
            command.publishAttempted = false
            state = .open(command)
            return .retry(after: Self.retryDelay)
        }
        command.delivered = true
        if command.status == .accepted { command.status = .delivered }
        state = .open(command)
        return .markDelivered
    }

    /// The publish did not complete.
    public mutating func publishFailed(_ failure: PublishFailure) -> PublishAction {
        guard case .open(var command) = state else { return .ignore }
        switch failure {
        case .nothingSent:
            command.publishAttempted = false
            state = .open(command)
            return .retry(after: Self.retryDelay)
        case .outcomeUnknown:
            return .leaveUnconfirmed
        case .rejected(let reason):
            let outcome = CommandOutcome(
                status: .failed, responseMessage: "the command could not be published: \(reason)")
            close(&command, with: outcome, byReply: false)
            return .fail(outcome)
        }
    }

    private mutating func close(_ command: inout Command, with outcome: CommandOutcome, byReply: Bool) {
        command.status = outcome.status
        command.completedByReply = byReply
        state = .closed(command)
    }

    private func mismatch(of reply: DJIServiceReply, topicSN: String, command: Command)
        -> (reason: UnmatchedReplyReason, message: String)?
    {
        if topicSN != command.gatewaySN {
            return (
                .gatewayMismatch,
                "the reply came from gateway \(topicSN), but the command was sent to gateway \(command.gatewaySN)"
            )
        }
        if let gateway = reply.gateway, !gateway.isEmpty, gateway != command.gatewaySN {
            return (
                .gatewayMismatch,
                "the reply names gateway \(gateway), but the command was sent to gateway \(command.gatewaySN)"
            )
        }
        if let method = reply.method, method != command.method {
            return (
                .methodMismatch, "the reply is for method \(method), but the command's method is \(command.method)"
            )
        }
        return nil
    }
}
