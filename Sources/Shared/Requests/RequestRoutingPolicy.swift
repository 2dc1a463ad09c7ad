/// Decides who answers a request: the platform at once (`auto_reply`) or the integrator through the API
/// (`manual_reply_required`).
///
/// Defaults (issue 6): `config` and the three binding methods are answered by the platform; `flight_areas_get`
/// and `offline_map_get` get an empty, valid answer, because before every takeoff the dock waits about 40 s for
/// them otherwise (reference §6, DJI FAQ); `storage_config_get` is answered when object storage is configured;
/// everything else — `flighttask_resource_get` and any method the platform does not know — waits for the
/// integrator. A tenant may override a method either way, but the platform only answers what it can: an
/// `auto_reply` override of a method it has no answer for stays manual. `update_topo` is always answered by
/// the platform: the status reply is part of the protocol's connection handshake.
public struct RequestRoutingPolicy: Sendable, Hashable {
    /// `DJI_APP_ID`, `DJI_APP_KEY` and `DJI_APP_LICENSE` are configured, so `config` can be answered.
    public var canAnswerConfig: Bool
    /// Object storage is configured, so `storage_config_get` can be answered.
    public var canAnswerStorage: Bool

    public init(canAnswerConfig: Bool, canAnswerStorage: Bool) {
        self.canAnswerConfig = canAnswerConfig
        self.canAnswerStorage = canAnswerStorage
    }

    public init(_ configuration: RequestReplyConfiguration) {
        self.init(canAnswerConfig: configuration.app != nil, canAnswerStorage: configuration.storage != nil)
    }

    /// The decision for `method` given the tenant's override (nil when the tenant has none, or the device has
    /// no tenant yet).
    public func decision(for method: String, override: RoutingDecision?) -> RoutingDecision {
        let known = DeviceRequestMethod(rawValue: method)
        if known == .updateTopo { return .autoReply }
        let answerable = known.map(canAnswer) ?? false
        switch override {
        case .manualReplyRequired?: return .manualReplyRequired
        case .autoReply?: return answerable ? .autoReply : .manualReplyRequired
        case nil: return answerable && Self.autoByDefault.contains(known) ? .autoReply : .manualReplyRequired
        }
    }

    /// Whether the platform has an answer of its own for `method` with this configuration.
    public func canAnswer(_ method: DeviceRequestMethod) -> Bool {
        switch method {
        case .config: canAnswerConfig
        case .storageConfigGet: canAnswerStorage
        case .airportBindStatus, .airportOrganizationGet, .airportOrganizationBind, .flightAreasGet, .offlineMapGet,
            .updateTopo:
            true
        case .flighttaskResourceGet, .flighttaskProgressGet: false
        }
    }

    private static let autoByDefault: Set<DeviceRequestMethod?> = [
        .config, .airportBindStatus, .airportOrganizationGet, .airportOrganizationBind, .flightAreasGet,
        .offlineMapGet, .storageConfigGet,
    ]
}
