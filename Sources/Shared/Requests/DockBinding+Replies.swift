import Foundation

extension DockBinding {
    /// Whether one device of `airport_organization_bind` is bound, and to which tenant.
    public enum Verdict: Sendable, Hashable {
        case bind(Organization)
        /// Not bound; the reason is for people (logs, `reply_message`), the dock only gets the error code.
        case refuse(String)

        public var errorCode: Int {
            if case .bind = self { return 0 }
            return ErrorCode.bindFailed
        }
    }

    /// Decides each device of a bind request sent by the gateway `gatewaySN`.
    ///
    /// - Parameters:
    ///   - organizations: the organization each credential of the request matched (a tenant whose organization
    ///     id and an unexpired binding code both match); a credential that matched nothing is absent.
    ///   - currentTenants: the tenant each device already has; a device not in the registry is absent.
    ///
    /// A device bound to another tenant is refused: a valid code of one tenant must not take a dock away from
    /// another. Moving a dock between tenants is an operator's decision (`open-api devices assign`). The
    /// aircraft follows its dock: when the dock itself is refused, so is every other device of the request,
    /// because the next `update_topo` would move the aircraft to the dock's tenant anyway.
    public static func verdicts(
        for devices: [BindDevice],
        gatewaySN: String,
        organizations: [Credential: Organization],
        currentTenants: [String: UUID]
    ) -> [Verdict] {
        let verdicts = devices.map { device -> Verdict in
            guard let credential = device.credential else {
                return .refuse("\(device.sn): no device_binding_code or organization_id in the request")
            }
            guard let organization = organizations[credential] else {
                return .refuse(
                    "\(device.sn): binding code is not valid for organization \(credential.organizationID) "
                        + "(unknown, expired, or another organization's)")
            }
            if let current = currentTenants[device.sn], current != organization.tenantID {
                return .refuse("\(device.sn): already bound to another organization")
            }
            return .bind(organization)
        }
        guard let gateway = devices.firstIndex(where: { $0.sn == gatewaySN }), case .refuse = verdicts[gateway]
        else { return verdicts }
        return zip(devices, verdicts).map { device, verdict in
            guard device.sn != gatewaySN, case .bind = verdict else { return verdict }
            return .refuse("\(device.sn): its dock \(gatewaySN) was not bound")
        }
    }

    /// `airport_organization_bind`'s answer: every device with its `err_code` (0 bound, 210231 not bound).
    public static func bindReply(_ devices: [BindDevice], verdicts: [Verdict]) -> JSONValue {
        PlatformReplies.ok(output: [
            "err_infos": .array(
                zip(devices, verdicts).map { device, verdict in
                    .object(["sn": .string(device.sn), "err_code": .integer(Int64(verdict.errorCode))])
                }
            )
        ])
    }

    /// `airport_organization_get`'s answer: the organization's name, or result 210230 when the id and code do
    /// not match an organization.
    public static func organizationReply(_ organization: Organization?) -> JSONValue {
        guard let organization else { return PlatformReplies.failure(ErrorCode.organizationNotFound) }
        return PlatformReplies.ok(output: ["organization_name": .string(organization.name)])
    }

    /// What the registry says about one device for `airport_bind_status`.
    public struct Status: Sendable, Hashable {
        public var sn: String
        /// Nil when the device has no tenant (or is not in the registry).
        public var organization: Organization?
        public var callsign: String?

        public init(sn: String, organization: Organization?, callsign: String?) {
            self.sn = sn
            self.organization = organization
            self.callsign = callsign
        }
    }

    /// `airport_bind_status`'s answer, one entry per SN asked about, in the request's order (reference §6).
    public static func statusReply(_ statuses: [Status]) -> JSONValue {
        PlatformReplies.ok(output: [
            "bind_status": .array(
                statuses.map { status in
                    .object([
                        "sn": .string(status.sn),
                        "is_device_bind_organization": .bool(status.organization != nil),
                        "organization_id": .string(status.organization?.id ?? ""),
                        "organization_name": .string(status.organization?.name ?? ""),
                        "device_callsign": .string(status.callsign ?? ""),
                    ])
                }
            )
        ])
    }
}
