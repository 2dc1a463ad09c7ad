/// How far a command got towards the device by the time its deadline passed: what the `response_message` of a
/// `TIMED_OUT` command says (API.md §3: "says whether it was ever delivered").
public enum DeliveryReach: Sendable, Hashable, CaseIterable {
    /// The broker acknowledged the publish (QoS 1 PUBACK); the device never answered in time.
    case delivered
    /// The bridge started a publish whose acknowledgement it never saw (the broker connection dropped, or the
    /// bridge was killed in between): the device may or may not have received it, and it is never sent again.
    case unconfirmed
    /// Never handed to the broker: the device was offline (or the broker had no subscriber for its topic) until
    /// the deadline.
    case neverPublished

    public init(delivered: Bool, publishAttempted: Bool) {
        self = delivered ? .delivered : publishAttempted ? .unconfirmed : .neverPublished
    }

    /// The `response_message` of a command that timed out with this reach.
    public var timeoutMessage: String {
        switch self {
        case .delivered:
            "no reply from the device before the deadline; the command had been delivered (the broker acknowledged it)"
        case .unconfirmed:
            "no reply from the device before the deadline; the command was published but the broker's "
                + "acknowledgement was never seen (connection lost or bridge restarted), so the device may not have "
                + "received it; it is never published twice"
        case .neverPublished:
            "no reply from the device before the deadline; the command was never delivered: the device was offline "
                + "or not connected to the broker"
        }
    }
}
