/// Where a device request stands (API.md §4 `reply_code`), stored as text in `device_requests.reply_code`.
public enum RequestReplyCode: String, Sendable, Hashable, CaseIterable, Codable {
    /// Waiting for an integrator's reply through the API.
    case pending = "PENDING"
    /// An integrator replied; the bridge has not published the reply yet.
    case queued = "QUEUED"
    /// The bridge published the integrator's reply (the broker acknowledged it).
    case sent = "SENT"
    /// The platform answered at once by itself.
    case autoReplied = "AUTO_REPLIED"
    /// Nobody replied before `expires_at`; the device has stopped waiting.
    case expired = "EXPIRED"
    /// The reply could not be published, or its outcome is unknown (the message says which).
    case failed = "FAILED"
}

/// Who answers a request (API.md §4 `reply_source`).
public enum RequestReplySource: String, Sendable, Hashable, CaseIterable, Codable {
    case auto
    case manual
}

/// Whether the platform answers a request by itself or leaves it to the integrator (API.md §4
/// `routing_decision`); also the value of a tenant's override in `request_routing_policies`.
public enum RoutingDecision: String, Sendable, Hashable, CaseIterable, Codable {
    case autoReply = "auto_reply"
    case manualReplyRequired = "manual_reply_required"

    public var replySource: RequestReplySource {
        switch self {
        case .autoReply: .auto
        case .manualReplyRequired: .manual
        }
    }
}
