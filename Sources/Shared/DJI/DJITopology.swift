/// The topology a gateway reports with `update_topo` on `sys/product/{gateway_sn}/status` (reference §8): the
/// gateway's own model and the devices attached to it (0 or 1 aircraft for a dock).
///
/// An empty `subDevices` means the aircraft went offline while the gateway stays online. A missing or `null`
/// `sub_devices` is read the same way, because the demo server treats an absent list as empty; a value of
/// another type makes the whole message unusable (nil) rather than marking an aircraft offline by accident.
public struct DJITopology: Sendable, Hashable {
    /// One device of the topology. Numbers and strings are read leniently: `domain` is documented as a
    /// string (`"3"`) but some firmware and clients send an int (reference §16.15).
    public struct Device: Sendable, Hashable {
        public var sn: String
        public var domain: Int?
        public var type: Int?
        public var subType: Int?
        /// The channel a sub-device is attached on (e.g. `"A"`); nil for the gateway.
        public var index: String?
        public var thingVersion: String?

        public init(
            sn: String, domain: Int?, type: Int?, subType: Int?, index: String? = nil, thingVersion: String? = nil
        ) {
            self.sn = sn
            self.domain = domain
            self.type = type
            self.subType = subType
            self.index = index
            self.thingVersion = thingVersion
        }

        /// `domain-type-sub_type` (reference §9.4) when all three are known. Keys missing from `DJIModel` are
        /// kept as they are: a new product must still be recorded.
        public var modelKey: String? {
            guard let domain, let type, let subType else { return nil }
            return "\(domain)-\(type)-\(subType)"
        }

        /// Reads the model fields of a gateway or sub-device object. `sub_type` missing is 0 (every product
        /// in the reference's table with one variant uses 0); `thing_version` falls back to `version`, its
        /// name on older pages.
        fileprivate init(sn: String, fields: [String: JSONValue], index: String?) {
            self.init(
                sn: sn,
                domain: DJILenient.int(fields["domain"]),
                type: DJILenient.int(fields["type"]),
                subType: fields["sub_type"] == nil ? 0 : DJILenient.int(fields["sub_type"]),
                index: index,
                thingVersion: DJILenient.string(fields["thing_version"]) ?? DJILenient.string(fields["version"])
            )
        }
    }

    /// The gateway; its SN is the topic's, since the message body does not carry it.
    public var gateway: Device
    public var subDevices: [Device]

    public init(gateway: Device, subDevices: [Device]) {
        self.gateway = gateway
        self.subDevices = subDevices
    }

    /// Reads `update_topo`; nil when the method is another one or `data` is not a usable object. Sub-devices
    /// without an SN are skipped: nothing can be addressed or stored without it.
    public init?(gatewaySN: String, envelope: DJIEnvelope) {
        guard envelope.method == "update_topo", case .object(let data) = envelope.data else { return nil }
        let subDevices: [JSONValue]
        switch data["sub_devices"] {
        case nil, .null: subDevices = []
        case .array(let array): subDevices = array
        default: return nil
        }
        gateway = Device(sn: gatewaySN, fields: data, index: nil)
        self.subDevices = subDevices.compactMap { element in
            guard case .object(let fields) = element, let sn = DJILenient.string(fields["sn"]), !sn.isEmpty else {
                return nil
            }
            return Device(sn: sn, fields: fields, index: DJILenient.string(fields["index"]))
        }
    }
}
