/// Which devices an `update_topo` brings online and which it takes offline (reference §8): the gateway and
/// every listed sub-device are online; a sub-device the gateway listed before and lists no more is offline
/// (an empty `sub_devices` is how a dock says its aircraft went away).
public struct TopologyChange: Sendable, Hashable {
    /// A device as the registry knew it before this update.
    public struct Known: Sendable, Hashable {
        public var sn: String
        public var online: Bool
        public var gatewaySN: String?

        public init(sn: String, online: Bool, gatewaySN: String?) {
            self.sn = sn
            self.online = online
            self.gatewaySN = gatewaySN
        }
    }

    public var cameOnline: [String]
    public var wentOffline: [String]

    public init(known: [Known], topology: DJITopology) {
        let bySN = Dictionary(known.map { ($0.sn, $0) }, uniquingKeysWith: { first, _ in first })
        let listed = [topology.gateway.sn] + topology.subDevices.map(\.sn)
        cameOnline = listed.filter { bySN[$0]?.online != true }
        let stillListed = Set(listed)
        wentOffline =
            known
            .filter { $0.gatewaySN == topology.gateway.sn && $0.online && !stillListed.contains($0.sn) }
            .map(\.sn)
            .sorted()
    }
}
