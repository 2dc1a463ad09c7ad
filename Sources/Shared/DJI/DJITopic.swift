/// A DJI Cloud API topic: which device it concerns and what kind of message travels on it
/// (reference §2). Parsing never fails loudly: a topic outside the grammar is `nil`, and the caller logs it.
public struct DJITopic: Sendable, Hashable, CustomStringConvertible {
    /// The SN in the topic: the gateway for most kinds, the device itself on `osd`/`state` and on aircraft
    /// `events`.
    public var sn: String
    public var kind: Kind

    public enum Kind: String, Sendable, Hashable, CaseIterable {
        // sys/product/{sn}/...
        case status
        case statusReply = "status_reply"
        // thing/product/{sn}/...
        case osd
        case state
        case stateReply = "state_reply"
        case services
        case servicesReply = "services_reply"
        case events
        case eventsReply = "events_reply"
        case requests
        case requestsReply = "requests_reply"
        case propertySet = "property/set"
        case propertySetReply = "property/set_reply"
        case drcUp = "drc/up"
        case drcDown = "drc/down"

        var root: String {
            switch self {
            case .status, .statusReply: "sys/product"
            default: "thing/product"
            }
        }

        /// Messages docks send to the cloud; the bridge subscribes to these.
        public var isUplink: Bool {
            switch self {
            case .status, .osd, .state, .servicesReply, .events, .requests, .propertySetReply, .drcUp: true
            case .statusReply, .stateReply, .services, .eventsReply, .requestsReply, .propertySet, .drcDown: false
            }
        }

        /// The kind the cloud answers on, for the uplink kinds that get an answer.
        public var reply: Kind? {
            switch self {
            case .status: .statusReply
            case .state: .stateReply
            case .events: .eventsReply
            case .requests: .requestsReply
            default: nil
            }
        }
    }

    public init(sn: String, kind: Kind) {
        self.sn = sn
        self.kind = kind
    }

    public init?(_ topic: String) {
        let parts = topic.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 4, parts[1] == "product", !parts[2].isEmpty else { return nil }
        let root = "\(parts[0])/product"
        let suffix = parts[3...].joined(separator: "/")
        guard let kind = Kind(rawValue: suffix), kind.root == root else { return nil }
        self.init(sn: String(parts[2]), kind: kind)
    }

    public var description: String { "\(kind.root)/\(sn)/\(kind.rawValue)" }

    /// The topic this message's answer goes to, when the cloud answers this kind.
    public var replyTopic: DJITopic? {
        kind.reply.map { DJITopic(sn: sn, kind: $0) }
    }

    /// The wildcard filters the bridge subscribes to: every uplink kind of every device.
    public static var uplinkFilters: [String] {
        uplinkFilters(shareGroup: nil)
    }

    /// Every uplink filter, in `shareGroup` when given (`$share/{group}/{filter}`, MQTT 5 §4.8.2, also honoured
    /// by mosquitto and EMQX for MQTT 3.1.1 clients): the broker then hands each message to one subscriber of the
    /// group instead of to every bridge.
    public static func uplinkFilters(shareGroup: String?) -> [String] {
        Kind.allCases.filter(\.isUplink).map { uplinkFilter($0, shareGroup: shareGroup) }
    }

    /// The filter of one uplink kind of every device, shared as `uplinkFilters(shareGroup:)` shares it. Callers
    /// that subscribe to one kind on their own use this, so their filter is the same string and stays one
    /// subscription at the broker.
    public static func uplinkFilter(_ kind: Kind, shareGroup: String?) -> String {
        let filter = "\(kind.root)/+/\(kind.rawValue)"
        guard let shareGroup, !shareGroup.isEmpty else { return filter }
        return "$share/\(shareGroup)/\(filter)"
    }

    /// Whether `name` can be a shared subscription's group: MQTT 5 §4.8.2 forbids `/`, `+` and `#` in it.
    public static func isValidShareGroup(_ name: String) -> Bool {
        !name.isEmpty && !name.contains(where: { $0 == "/" || $0 == "+" || $0 == "#" })
    }
}
