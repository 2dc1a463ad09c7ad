import Foundation
import Shared

/// What `dji-bridge dock-accounts` does: makes, re-keys, removes and lists docks' broker accounts, keeping the
/// broker (the authority on who may log in) and the database (what operators look at) in step.
///
/// The broker is changed first and the database second; when the database write fails after a `create`, the
/// broker change is undone, so the printed password never belongs to an account operators cannot see.
struct DockAccountManager: Sendable {
    let client: DynamicSecurityClient
    let pool: PostgresPool

    /// A dock's user name and the password to enter in DJI Pilot 2, returned once and never stored.
    struct Credentials: Sendable, Hashable, Encodable {
        var username: String
        var password: String
        var role: String
    }

    /// One account as operators see it.
    struct Account: Sendable, Hashable, Encodable {
        var sn: String
        var role: String
        var createdAt: Date
        var passwordSetAt: Date
        /// SNs besides the dock's own that its role covers.
        var grants: [String]
        /// Whether the broker has the client; false means the database remembers an account the broker lost.
        var onBroker: Bool

        enum CodingKeys: String, CodingKey {
            case sn, role, grants
            case createdAt = "created_at"
            case passwordSetAt = "password_set_at"
            case onBroker = "on_broker"
        }
    }

    /// Creates the dock's role and client with a fresh password. The role also covers the sub-devices the
    /// registry already attaches to the dock (an account made again after a revoke).
    func create(sn: String) async throws -> Credentials {
        try Self.checkSN(sn)
        let role = DockBrokerAccess.role(forDock: sn)
        let password = DockBrokerPassword.generate()
        let known = try await pool.query(DockAccountQueries.subDevices(gatewaySN: sn)).map {
            try $0.decode(String.self, column: "sn")
        }.filter(DockBrokerAccess.isValidSN)
        let acls = DockBrokerAccess.dockACLs(sn: sn) + known.flatMap { DockBrokerAccess.subDeviceACLs(sn: $0) }
        if try await client.perform([.getClient(username: sn)]).first?.error == nil {
            throw OperatorFailure("dock \(sn) already has a broker account; use `rotate` for a new password")
        }
        let roleResponse = try await client.perform([.createRole(name: role, acls: acls)]).first
        if roleResponse?.error == "Role already exists" {
            // Left by an interrupted create or a revoke that failed half-way: make sure it has the dock's rules.
            for response in try await client.perform(acls.map { .addRoleACL(role: role, $0) }) {
                try response.check(acceptingAlreadyDone: true)
            }
        } else {
            try roleResponse?.check()
        }
        try await client.execute(.createClient(username: sn, password: password, roles: [role]))
        do {
            try await pool.transaction { connection in
                try await connection.query(DockAccountQueries.record(sn: sn, role: role))
                for subDevice in known {
                    try await connection.query(DockAccountQueries.recordGrant(dockSN: sn, sn: subDevice))
                }
            }
        } catch {
            _ = try? await client.perform([.deleteClient(username: sn), .deleteRole(name: role)])
            throw error
        }
        return Credentials(username: sn, password: password, role: role)
    }

    /// Sets a fresh password; the plugin disconnects the dock, which must be given the new one.
    func rotate(sn: String) async throws -> Credentials {
        try Self.checkSN(sn)
        let password = DockBrokerPassword.generate()
        let response = try await client.perform([.setClientPassword(username: sn, password: password)])
        if response.first?.isNotFound == true {
            throw OperatorFailure("dock \(sn) has no broker account; use `create`")
        }
        try response.first?.check()
        try await pool.query(DockAccountQueries.passwordChanged(sn: sn))
        return Credentials(username: sn, password: password, role: DockBrokerAccess.role(forDock: sn))
    }

    /// Deletes the client (the plugin disconnects the dock) and its role, then the record; a part already
    /// gone is not an error, so a revoke that failed half-way can be repeated.
    func revoke(sn: String) async throws {
        try Self.checkSN(sn)
        let responses = try await client.perform([
            .deleteClient(username: sn), .deleteRole(name: DockBrokerAccess.role(forDock: sn)),
        ])
        for response in responses where !response.isNotFound {
            try response.check()
        }
        let deleted = try await pool.query(DockAccountQueries.delete(sn: sn))
        if deleted.isEmpty && responses.allSatisfy(\.isNotFound) {
            throw OperatorFailure("dock \(sn) has no broker account")
        }
    }

    /// The recorded accounts, each checked against the broker's list of clients.
    func list() async throws -> [Account] {
        let response = try await client.execute(.listClients())
        var onBroker: Set<String> = []
        if case .array(let clients)? = response.data?["clients"] {
            // mosquitto 2.0 lists user names as strings; later versions may list objects with a `username`.
            onBroker = Set(clients.compactMap { $0.stringValue ?? $0["username"]?.stringValue })
        }
        return try await pool.query(DockAccountQueries.list()).map { row in
            let sn = try row.decode(String.self, column: "sn")
            return Account(
                sn: sn,
                role: try row.decode(String.self, column: "role_name"),
                createdAt: try row.decode(Date.self, column: "created_at"),
                passwordSetAt: try row.decode(Date.self, column: "password_set_at"),
                grants: try row.decode(PostgresJSON.self, column: "grants").decode([String].self),
                onBroker: onBroker.contains(sn)
            )
        }
    }

    private static func checkSN(_ sn: String) throws {
        guard DockBrokerAccess.isValidSN(sn) else {
            throw OperatorFailure("'\(sn)' is not a dock SN: 1–64 letters, digits, '-' or '_'")
        }
    }
}
