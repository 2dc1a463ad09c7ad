import Shared

extension SimulatedDock {
    /// How a binding attempt ended.
    public enum BindingOutcome: Sendable, Hashable, CustomStringConvertible {
        /// The cloud bound the dock and its aircraft to the organization.
        case bound(organizationID: String, organizationName: String)
        /// `airport_bind_status` said both were bound already: a dock does not bind again.
        case alreadyBound(organizationID: String, organizationName: String)
        /// The cloud answered with a refusal (an unknown code, another organization's dock, …).
        case refused(method: String, reason: String)
        /// The cloud never answered `method`, however often the dock asked.
        case unanswered(method: String)

        public var isBound: Bool {
            switch self {
            case .bound, .alreadyBound: true
            case .refused, .unanswered: false
            }
        }

        public var description: String {
            switch self {
            case .bound(let id, let name): "bound to organization \(id) (\(name))"
            case .alreadyBound(let id, let name): "already bound to organization \(id) (\(name))"
            case .refused(let method, let reason): "not bound: \(method) was refused (\(reason))"
            case .unanswered(let method): "not bound: no reply to \(method)"
            }
        }
    }

    /// Runs the binding sequence of reference §12 steps 3–5 as the dock does once an installer typed
    /// `credential` into DJI Pilot 2: `airport_bind_status` for the dock and its aircraft, then (unless both are
    /// bound) `airport_organization_get` and `airport_organization_bind`. Only while running.
    public func bind(
        _ credential: DockBinding.Credential, aircraft: (sn: String, modelKey: String)?, callsign: String,
        timeout: Duration = .seconds(10)
    ) async throws -> BindingOutcome {
        let devices = [sn] + (aircraft.map { [$0.sn] } ?? [])
        let statusMethod = "airport_bind_status"
        guard
            let status = try await request(
                statusMethod, data: .object(["devices": .array(devices.map { .object(["sn": .string($0)]) })]),
                timeout: timeout)
        else { return .unanswered(method: statusMethod) }
        let statuses = status["output"]?["bind_status"].map(Self.array) ?? []
        if Self.result(status) == 0, statuses.count == devices.count,
            statuses.allSatisfy({ $0["is_device_bind_organization"] == .bool(true) })
        {
            return .alreadyBound(
                organizationID: statuses.first?["organization_id"]?.stringValue ?? "",
                organizationName: statuses.first?["organization_name"]?.stringValue ?? "")
        }

        let getMethod = "airport_organization_get"
        guard
            let organization = try await request(
                getMethod,
                data: .object([
                    "device_binding_code": .string(credential.bindingCode),
                    "organization_id": .string(credential.organizationID),
                ]), timeout: timeout)
        else { return .unanswered(method: getMethod) }
        guard Self.result(organization) == 0, let name = organization["output"]?["organization_name"]?.stringValue
        else { return .refused(method: getMethod, reason: "result \(Self.result(organization) ?? -1)") }

        let bindMethod = "airport_organization_bind"
        var entries: [JSONValue] = [
            Self.bindEntry(credential, sn: sn, callsign: callsign, modelKey: model.modelKey)
        ]
        if let aircraft {
            entries.append(
                Self.bindEntry(
                    credential, sn: aircraft.sn, callsign: "\(callsign) aircraft", modelKey: aircraft.modelKey))
        }
        guard
            let bound = try await request(
                bindMethod, data: .object(["bind_devices": .array(entries)]), timeout: timeout)
        else { return .unanswered(method: bindMethod) }
        let errors = (bound["output"]?["err_infos"].map(Self.array) ?? []).filter {
            $0["err_code"] != .integer(0)
        }
        guard Self.result(bound) == 0, errors.isEmpty else {
            let reason = errors.map { "\($0["sn"]?.stringValue ?? "?"): \($0["err_code"]?.jsonText ?? "?")" }
            return .refused(
                method: bindMethod,
                reason: reason.isEmpty ? "result \(Self.result(bound) ?? -1)" : reason.joined(separator: ", "))
        }
        return .bound(organizationID: credential.organizationID, organizationName: name)
    }

    private static func bindEntry(_ credential: DockBinding.Credential, sn: String, callsign: String, modelKey: String)
        -> JSONValue
    {
        .object([
            "device_binding_code": .string(credential.bindingCode),
            "organization_id": .string(credential.organizationID), "device_callsign": .string(callsign),
            "sn": .string(sn), "device_model_key": .string(modelKey),
        ])
    }

    private static func result(_ data: JSONValue) -> Int64? {
        if case .integer(let result)? = data["result"] { return result }
        return nil
    }

    private static func array(_ value: JSONValue) -> [JSONValue] {
        if case .array(let items) = value { return items }
        return []
    }
}
