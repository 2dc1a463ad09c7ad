/// Where a downlink command is in its life (API.md §3, "Status lifecycle"). The raw values are the API's and the
/// database's spelling.
public enum CommandStatus: String, Sendable, Hashable, CaseIterable, Codable {
    /// Stored; not yet published (device offline, or the bridge has not picked it up yet).
    case accepted = "ACCEPTED"
    /// Published on the gateway's `services` topic and acknowledged by the broker (QoS 1 PUBACK).
    case delivered = "DELIVERED"
    /// Terminal: `services_reply` with `data.result == 0`.
    case succeeded = "SUCCEEDED"
    /// Terminal: `services_reply` with `data.result != 0`, or the publish failed for good.
    case failed = "FAILED"
    /// Terminal: no reply before `deadline_at`.
    case timedOut = "TIMED_OUT"
    /// Terminal: a `services_reply` carried the command's `tid` but its `method` or gateway did not match.
    case unmatchedResponse = "UNMATCHED_RESPONSE"

    /// A terminal status never changes again; only `progress` may.
    public var isTerminal: Bool {
        switch self {
        case .accepted, .delivered: false
        case .succeeded, .failed, .timedOut, .unmatchedResponse: true
        }
    }

    /// The statuses a command can still leave.
    public static let open: [CommandStatus] = allCases.filter { !$0.isTerminal }
}
