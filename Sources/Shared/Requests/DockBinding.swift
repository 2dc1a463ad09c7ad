import Foundation

/// Dock binding (reference §12 steps 3–5): the installer types an organization id and a binding code into DJI
/// Pilot 2; the dock asks whether it is bound (`airport_bind_status`), looks the organization up
/// (`airport_organization_get`) and binds itself and its aircraft (`airport_organization_bind`). In dockgate an
/// organization is a tenant (`tenants.dji_organization_id`) and a binding code is one of its unexpired
/// `binding_codes`; both must match.
///
/// This type reads the requests and decides; the bridge does the database work around it.
public enum DockBinding {
    /// Cloud-defined result codes. DJI leaves them to the cloud; these are the demo server's (reference §14).
    public enum ErrorCode {
        /// `airport_organization_get`: no organization with that id and binding code.
        public static let organizationNotFound = 210230
        /// `airport_organization_bind`: this device was not bound.
        public static let bindFailed = 210231
    }

    /// What the installer typed: the organization id and the binding code.
    public struct Credential: Sendable, Hashable {
        public var organizationID: String
        public var bindingCode: String

        public init(organizationID: String, bindingCode: String) {
            self.organizationID = organizationID
            self.bindingCode = bindingCode
        }

        /// `device_binding_code` and `organization_id` of a request object; nil when either is missing.
        init?(_ fields: [String: JSONValue]) {
            guard let code = DJILenient.string(fields["device_binding_code"]), !code.isEmpty,
                let organization = DJILenient.string(fields["organization_id"]), !organization.isEmpty
            else { return nil }
            self.init(organizationID: organization, bindingCode: code)
        }
    }

    /// A tenant as a dock sees it.
    public struct Organization: Sendable, Hashable {
        public var tenantID: UUID
        public var id: String
        public var name: String

        public init(tenantID: UUID, id: String, name: String) {
            self.tenantID = tenantID
            self.id = id
            self.name = name
        }
    }

    /// One entry of `airport_organization_bind`'s `bind_devices`.
    public struct BindDevice: Sendable, Hashable {
        public var sn: String
        /// Nil when the entry lacks the code or the organization id: such a device cannot be bound.
        public var credential: Credential?
        public var callsign: String?
        /// `device_model_key`, e.g. `3-3-0` for a Dock 3 and `0-100-1` for its aircraft.
        public var modelKey: String?

        public init(sn: String, credential: Credential?, callsign: String?, modelKey: String?) {
            self.sn = sn
            self.credential = credential
            self.callsign = callsign
            self.modelKey = modelKey
        }

        /// `domain`, `type` and `sub_type` from the model key, when it has that shape.
        public var model: (domain: Int, type: Int, subType: Int)? {
            let parts = (modelKey ?? "").split(separator: "-").compactMap { Int($0) }
            guard parts.count == 3 else { return nil }
            return (parts[0], parts[1], parts[2])
        }
    }

    /// The organization lookup of `airport_organization_get`; nil when the data lacks the code or the id.
    public static func credential(fromOrganizationGet data: JSONValue) -> Credential? {
        data.objectValue.flatMap(Credential.init)
    }

    /// The entries of `airport_organization_bind` that name an SN; the others cannot be answered per device.
    public static func bindDevices(from data: JSONValue) -> [BindDevice] {
        guard case .array(let entries)? = data["bind_devices"] else { return [] }
        return entries.compactMap { entry in
            guard case .object(let fields) = entry, let sn = DJILenient.string(fields["sn"]), !sn.isEmpty else {
                return nil
            }
            return BindDevice(
                sn: sn,
                credential: Credential(fields),
                callsign: DJILenient.string(fields["device_callsign"]),
                modelKey: DJILenient.string(fields["device_model_key"])
            )
        }
    }

    /// The SNs `airport_bind_status` asks about (the dock and its aircraft).
    public static func statusSNs(from data: JSONValue) -> [String] {
        guard case .array(let entries)? = data["devices"] else { return [] }
        return entries.compactMap { DJILenient.string($0["sn"]) }.filter { !$0.isEmpty }
    }
}
