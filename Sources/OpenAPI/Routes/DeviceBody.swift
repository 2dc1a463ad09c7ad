import Foundation
import Shared

/// A device as API.md §5 shows it.
struct DeviceBody: Encodable, Sendable {
    var sn: String
    var gatewaySN: String?
    var domain: Int?
    var type: Int?
    var subType: Int?
    var modelKey: String?
    var model: String
    var online: Bool
    var lastSeenAt: String?
    var firmwareVersion: String?

    init(_ device: DeviceRecord) {
        sn = device.sn
        gatewaySN = device.gatewaySN
        domain = device.domain
        type = device.type
        subType = device.subType
        modelKey = device.modelKey
        model = device.model
        online = device.online
        lastSeenAt = device.lastSeenAt.map(RFC3339.string)
        firmwareVersion = device.firmwareVersion
    }

    enum CodingKeys: String, CodingKey {
        case sn, domain, type, model, online
        case gatewaySN = "gateway_sn"
        case subType = "sub_type"
        case modelKey = "model_key"
        case lastSeenAt = "last_seen_at"
        case firmwareVersion = "firmware_version"
    }

    /// Nulls are written out (`"gateway_sn": null`), as API.md's examples show them.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(sn, forKey: .sn)
        try container.encode(gatewaySN, forKey: .gatewaySN)
        try container.encode(domain, forKey: .domain)
        try container.encode(type, forKey: .type)
        try container.encode(subType, forKey: .subType)
        try container.encode(modelKey, forKey: .modelKey)
        try container.encode(model, forKey: .model)
        try container.encode(online, forKey: .online)
        try container.encode(lastSeenAt, forKey: .lastSeenAt)
        try container.encode(firmwareVersion, forKey: .firmwareVersion)
    }
}

typealias DeviceList = Page<DeviceBody>

/// `GET /devices/{sn}`: the device, its sub-devices and its latest merged telemetry.
struct DeviceDetailBody: Encodable, Sendable {
    var device: DeviceBody
    var subDevices: [DeviceBody]
    var osd: JSONValue
    var osdUpdatedAt: String?
    var state: JSONValue
    var stateUpdatedAt: String?

    init(_ record: DeviceRecord, subDevices: [DeviceBody]) throws {
        device = DeviceBody(record)
        self.subDevices = subDevices
        osd = try record.osd.decode(JSONValue.self)
        osdUpdatedAt = record.osdUpdatedAt.map(RFC3339.string)
        state = try record.state.decode(JSONValue.self)
        stateUpdatedAt = record.stateUpdatedAt.map(RFC3339.string)
    }

    enum CodingKeys: String, CodingKey {
        case osd, state
        case subDevices = "sub_devices"
        case osdUpdatedAt = "osd_updated_at"
        case stateUpdatedAt = "state_updated_at"
    }

    func encode(to encoder: any Encoder) throws {
        try device.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(subDevices, forKey: .subDevices)
        try container.encode(osd, forKey: .osd)
        try container.encode(osdUpdatedAt, forKey: .osdUpdatedAt)
        try container.encode(state, forKey: .state)
        try container.encode(stateUpdatedAt, forKey: .stateUpdatedAt)
    }
}
