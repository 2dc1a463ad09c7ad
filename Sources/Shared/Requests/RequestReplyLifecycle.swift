import Foundation

/// The life of a request's reply as a value: `PENDING → QUEUED → SENT` (or `FAILED`), `PENDING → EXPIRED`;
/// `AUTO_REPLIED` (or `FAILED`) for what the platform answered itself. Each event returns what the owner must
/// write; an event that does not fit the current state returns an ignore or reject action and changes nothing.
///
/// The owners run the actions in SQL that repeats the state it expects (`WHERE reply_code = 'QUEUED'`), so two
/// processes acting on one row cannot both win. Expiry is one such statement for all rows at once
/// (`DeviceRequestQueries.expirePending`), with the same rule as ``reply(at:)``: pending and `now >= expires_at`.
public struct RequestReplyLifecycle: Sendable, Hashable {
    public private(set) var code: RequestReplyCode
    /// When a pending request stops accepting a reply; nil for requests the platform answered.
    public let expiresAt: Date?

    public init(code: RequestReplyCode, expiresAt: Date?) {
        self.code = code
        self.expiresAt = expiresAt
    }

    /// The code of a request the platform answered itself, after trying to publish the answer.
    public static func autoReplied(published: Bool) -> RequestReplyCode {
        published ? .autoReplied : .failed
    }

    /// Why an integrator's reply is refused (API.md §4's 409 codes).
    public enum Rejection: String, Sendable, Hashable {
        case alreadyReplied = "ALREADY_REPLIED"
        case expired = "REQUEST_EXPIRED"
    }

    public enum ReplyAction: Sendable, Hashable {
        /// Store the reply's data and set `QUEUED`.
        case queue
        case reject(Rejection)
    }

    /// An integrator replies at `now`. A pending request past its `expires_at` is refused as expired even
    /// before the sweeper has marked it, so a reply never slips in after the device stopped waiting.
    public mutating func reply(at now: Date) -> ReplyAction {
        switch code {
        case .pending:
            if let expiresAt, now >= expiresAt { return .reject(.expired) }
            code = .queued
            return .queue
        case .expired:
            return .reject(.expired)
        case .queued, .sent, .autoReplied, .failed:
            return .reject(.alreadyReplied)
        }
    }

    /// What publishing a queued reply came to.
    public enum PublishOutcome: Sendable, Hashable {
        /// The broker acknowledged the message (QoS 1 PUBACK).
        case acknowledged
        /// Nothing left the process (not connected, shutting down): publishing later is safe.
        case notSent(String)
        /// The message may or may not have reached the broker (the connection dropped before the PUBACK), or
        /// the broker refused it: publishing again could deliver it twice, so it is not retried.
        case failed(String)
    }

    public enum PublishAction: Sendable, Hashable {
        /// Set `SENT`, `replied_at` and `standardized_reply`.
        case markSent
        /// Clear the publish attempt so a later scan tries again.
        case release
        /// Set `FAILED` with this message.
        case markFailed(String)
        case ignore
    }

    /// The bridge tried to publish a queued reply.
    public mutating func published(_ outcome: PublishOutcome) -> PublishAction {
        guard code == .queued else { return .ignore }
        switch outcome {
        case .acknowledged:
            code = .sent
            return .markSent
        case .notSent:
            return .release
        case .failed(let reason):
            code = .failed
            return .markFailed(reason)
        }
    }
}
