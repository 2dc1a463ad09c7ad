import Foundation
import Logging
import Shared

/// The database side of dock binding (reference §12 steps 3–5): reads and writes around the decisions of
/// `DockBinding`. A binding is committed before the dock is told it is bound.
struct DockBinder: Sendable {
    let pool: PostgresPool
    /// The clock binding codes expire by.
    let now: @Sendable () -> Date

    /// Answers one of the three binding methods; nil for any other method.
    func answer(_ method: DeviceRequestMethod, data: JSONValue, gatewaySN: String) async throws -> AutoAnswer? {
        switch method {
        case .airportBindStatus: try await bindStatus(data)
        case .airportOrganizationGet: try await organization(data)
        case .airportOrganizationBind: try await bind(data, gatewaySN: gatewaySN)
        default: nil
        }
    }

    /// What a dock is told when the database cannot be asked: not bound, organization not found, or every
    /// device refused. Wrong for a moment, but the dock is answered and the installer can try again.
    static func unavailable(_ method: DeviceRequestMethod, data: JSONValue) -> AutoAnswer? {
        let message = "binding is unavailable: the database cannot be reached"
        switch method {
        case .airportBindStatus:
            let statuses = DockBinding.statusSNs(from: data).map {
                DockBinding.Status(sn: $0, organization: nil, callsign: nil)
            }
            return AutoAnswer(data: DockBinding.statusReply(statuses), message: message)
        case .airportOrganizationGet:
            return AutoAnswer(data: DockBinding.organizationReply(nil), message: message)
        case .airportOrganizationBind:
            let devices = DockBinding.bindDevices(from: data)
            let verdicts = devices.map { _ in DockBinding.Verdict.refuse(message) }
            return AutoAnswer(data: DockBinding.bindReply(devices, verdicts: verdicts), message: message)
        default:
            return nil
        }
    }

    private func bindStatus(_ data: JSONValue) async throws -> AutoAnswer {
        let sns = DockBinding.statusSNs(from: data)
        var known: [String: DockBinding.Status] = [:]
        for row in try await pool.query(BindingQueries.status(sns: sns)) {
            let sn = try row.decode(String.self, column: "sn")
            known[sn] = DockBinding.Status(
                sn: sn,
                organization: try DockBinding.Organization(row: row),
                callsign: try row.decode(String?.self, column: "callsign")
            )
        }
        let statuses = sns.map { known[$0] ?? DockBinding.Status(sn: $0, organization: nil, callsign: nil) }
        let bound = statuses.filter { $0.organization != nil }.map(\.sn)
        return AutoAnswer(
            data: DockBinding.statusReply(statuses),
            message: bound.isEmpty ? "not bound" : "bound: \(bound.joined(separator: ", "))"
        )
    }

    private func organization(_ data: JSONValue) async throws -> AutoAnswer {
        guard let credential = DockBinding.credential(fromOrganizationGet: data) else {
            return AutoAnswer(
                data: DockBinding.organizationReply(nil), message: "no device_binding_code or organization_id")
        }
        let organization = try await lookUp(credential, on: nil)
        return AutoAnswer(
            data: DockBinding.organizationReply(organization),
            message: organization.map { "organization \($0.id) (\($0.name))" }
                ?? "binding code is not valid for organization \(credential.organizationID)"
        )
    }

    private func bind(_ data: JSONValue, gatewaySN: String) async throws -> AutoAnswer {
        let devices = DockBinding.bindDevices(from: data)
        let verdicts = try await pool.transaction { connection in
            var organizations: [DockBinding.Credential: DockBinding.Organization] = [:]
            for credential in Set(devices.compactMap(\.credential)) {
                organizations[credential] = try await lookUp(credential, on: connection)
            }
            var currentTenants: [String: UUID] = [:]
            for row in try await connection.query(BindingQueries.lockDevices(sns: devices.map(\.sn))) {
                currentTenants[try row.decode(String.self, column: "sn")] = try row.decode(
                    UUID?.self, column: "tenant_id")
            }
            let verdicts = DockBinding.verdicts(
                for: devices, gatewaySN: gatewaySN, organizations: organizations, currentTenants: currentTenants)
            let at = now()
            for (device, verdict) in zip(devices, verdicts) {
                guard case .bind(let organization) = verdict, let credential = device.credential else { continue }
                try await connection.query(
                    BindingQueries.bind(
                        sn: device.sn,
                        gatewaySN: device.sn == gatewaySN ? nil : gatewaySN,
                        tenantID: organization.tenantID,
                        callsign: device.callsign,
                        model: device.model
                    )
                )
                try await connection.query(BindingQueries.markUsed(code: credential.bindingCode, by: gatewaySN, at: at))
            }
            return verdicts
        }
        let messages = zip(devices, verdicts).map { device, verdict in
            switch verdict {
            case .bind(let organization): "\(device.sn): bound to organization \(organization.id)"
            case .refuse(let reason): reason
            }
        }
        return AutoAnswer(
            data: DockBinding.bindReply(devices, verdicts: verdicts),
            message: messages.isEmpty ? "no bind_devices in the request" : messages.joined(separator: "; ")
        )
    }

    /// The organization a credential opens, on `connection` (inside the bind transaction) or on the pool.
    private func lookUp(_ credential: DockBinding.Credential, on connection: PostgresConnection?) async throws
        -> DockBinding.Organization?
    {
        let query = BindingQueries.organization(
            organizationID: credential.organizationID, code: credential.bindingCode, now: now())
        let rows: PostgresRows
        if let connection {
            rows = try await connection.query(query)
        } else {
            rows = try await pool.query(query)
        }
        return try rows.first.flatMap { try DockBinding.Organization(row: $0) }
    }
}
