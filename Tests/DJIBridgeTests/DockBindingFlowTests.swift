import Foundation
import HummingbirdTesting
import Shared
import TestSupport
import Testing

@testable import DJIBridge

/// A fresh Dock 3 binds to a tenant the way reference §12 describes, through a real broker, bridge, database
/// and API, without anyone touching the database.
@Suite struct DockBindingFlowTests {
    static let dock = "8UUXN3A00A0001"
    static let aircraft = "1581F8HGX254V00A0001"

    /// The request a dock sends on its requests topic, and the reply it gets (bounded wait).
    func ask(_ harness: BridgeHarness, _ method: String, _ data: JSONValue, dock: String = dock) async throws
        -> JSONValue
    {
        let tid = UUID().uuidString.lowercased()
        try await harness.publish(
            "thing/product/\(dock)/requests", .message(tid: tid, method: method, gateway: dock, data: data))
        let reply = try #require(try await harness.awaitReplies(tid: tid).first, "no reply to \(method)")
        #expect(reply.topic == "thing/product/\(dock)/requests_reply")
        #expect(reply.message["method"] == .string(method))
        return reply.message["data"] ?? .null
    }

    func bindDevices(code: String, organizationID: String, dock: String = dock, aircraft: String = aircraft)
        -> JSONValue
    {
        .object([
            "bind_devices": .array([
                .object([
                    "device_binding_code": .string(code), "organization_id": .string(organizationID),
                    "device_callsign": .string("Dock Munich 1"), "sn": .string(dock),
                    "device_model_key": .string("3-3-0"),
                ]),
                .object([
                    "device_binding_code": .string(code), "organization_id": .string(organizationID),
                    "device_callsign": .string("M4TD Munich 1"), "sn": .string(aircraft),
                    "device_model_key": .string("0-100-1"),
                ]),
            ])
        ])
    }

    func statusQuery(dock: String = dock, aircraft: String = aircraft) -> JSONValue {
        .object(["devices": .array([.object(["sn": .string(dock)]), .object(["sn": .string(aircraft)])])])
    }

    @Test func aFreshDock3BindsToTheTenantWhoseCodeItWasGivenAndOnlyThatTenantSeesIt() async throws {
        let harness = try await BridgeHarness.make(name: "bind").configured(RequestTestConfiguration.apply)
        let api = APIDriver(database: harness.database)
        let acme = try await api.tenant("acme")
        let other = try await api.tenant("other")
        let acmeClient = try await api.client(tenant: acme)
        let otherClient = try await api.client(tenant: other)

        try await api.app().test(.router) { client in
            let issued = try await client.signed(.post, "/api/v1/open/binding-codes", by: acmeClient, body: "{}")
            #expect(issued.status == .created)
            let code = try #require(issued.json?["binding_code"]?.stringValue)
            #expect(issued.json?["organization_id"] == .string("org-acme"))

            try await harness.run { harness in
                // 2. License check.
                let config = try await ask(harness, "config", .object(["config_type": .string("json")]))
                #expect(config["app_id"] == .string("123456"))
                #expect(config["ntp_server_host"] == .string("ntp.example.com"))
                #expect(config["result"] == nil)

                // 3. Not bound yet.
                let before = try await ask(harness, "airport_bind_status", statusQuery())
                #expect(before["result"] == .integer(0))
                #expect(
                    before["output"]?["bind_status"]?.arrayValues.map { $0["is_device_bind_organization"] }
                        == [.bool(false), .bool(false)])

                // 4. The installer typed acme's organization id and the code.
                let organization = try await ask(
                    harness, "airport_organization_get",
                    .object(["device_binding_code": .string(code), "organization_id": .string("org-acme")]))
                #expect(organization == PlatformReplies.ok(output: ["organization_name": .string("acme Ops")]))

                // 5. Bind the dock and its aircraft.
                let bound = try await ask(
                    harness, "airport_organization_bind", bindDevices(code: code, organizationID: "org-acme"))
                #expect(
                    bound.jsonText
                        == #"{"output":{"err_infos":[{"err_code":0,"sn":"\#(Self.dock)"},{"err_code":0,"sn":"\#(Self.aircraft)"}]},"result":0}"#
                )

                // 6. Normal operation starts with update_topo.
                let topoTID = UUID().uuidString.lowercased()
                try await harness.publish(
                    "sys/product/\(Self.dock)/status",
                    .updateTopo(tid: topoTID, type: 3, subDevices: [(Self.aircraft, 100, 1)]))
                #expect(try await harness.awaitReplies(tid: topoTID).count == 1)

                // The dock now knows it is bound, with the call-signs the installer gave.
                let after = try await ask(harness, "airport_bind_status", statusQuery())
                let statuses = after["output"]?["bind_status"]?.arrayValues ?? []
                #expect(statuses.map { $0["is_device_bind_organization"] } == [.bool(true), .bool(true)])
                #expect(statuses.map { $0["organization_id"] } == [.string("org-acme"), .string("org-acme")])
                #expect(statuses.map { $0["organization_name"] } == [.string("acme Ops"), .string("acme Ops")])
                #expect(
                    statuses.map { $0["device_callsign"] } == [.string("Dock Munich 1"), .string("M4TD Munich 1")])

                // Through the API: acme sees the dock with its aircraft (once the topology is written)...
                let devices = try await harness.eventually(
                    { _ in try await client.signed(.get, "/api/v1/open/devices", by: acmeClient).json?.items ?? [] },
                    until: { $0.count == 2 && $0.allSatisfy { $0["model_key"] != .null } })
                #expect(devices.map { $0["sn"] } == [.string(Self.aircraft), .string(Self.dock)])
                #expect(devices.first?["gateway_sn"] == .string(Self.dock))
                #expect(devices.last?["model"] == .string("DJI Dock 3"))

                // ...and the other tenant sees nothing of it.
                #expect(try await client.signed(.get, "/api/v1/open/devices", by: otherClient).json?.items == [])
                let hidden = try await client.signed(.get, "/api/v1/open/devices/\(Self.dock)", by: otherClient)
                #expect(hidden.status == .notFound)

                // Requests belong to the tenant the dock had when they arrived: from the bind on.
                let requests = try await client.signed(.get, "/api/v1/open/device-requests", by: acmeClient)
                let types = requests.json?.items.compactMap { $0["request_type"]?.stringValue } ?? []
                #expect(types.contains("airport_organization_bind"))
                #expect(types.contains("update_topo"))
                #expect(!types.contains("config"))
                #expect(
                    try await client.signed(.get, "/api/v1/open/device-requests", by: otherClient).json?.items == [])
            }
        }
        try await harness.tearDown()
    }

    @Test func aWrongBindingCodeGivesEachDeviceAnErrorAndBindsNothing() async throws {
        let harness = try await BridgeHarness.make(name: "bind-wrong").configured(RequestTestConfiguration.apply)
        let api = APIDriver(database: harness.database)
        let acme = try await api.tenant("acme")
        let other = try await api.tenant("other")
        let otherCode = try await harness.database.withConnection { connection in
            try await connection.query(
                BindingQueries.insertCode(code: "OTHERCODE2", tenantID: other.id, ttlSeconds: 3600, createdBy: "test"))
            // An expired code of acme's, expired well before the harness clock started (it is set when the harness
            // is made, which may be seconds earlier on a loaded machine).
            try await connection.query(
                "INSERT INTO binding_codes (code, tenant_id, created_by, expires_at) VALUES ('EXPIRED234', \(acme.id), 'test', now() - interval '1 hour')"
            )
            return "OTHERCODE2"
        }
        try await harness.run { harness in
            for (code, organizationID) in [
                ("NOSUCHCODE", "org-acme"), (otherCode, "org-acme"), ("EXPIRED234", "org-acme"),
                (otherCode, "org-unknown"),
            ] {
                let organization = try await ask(
                    harness, "airport_organization_get",
                    .object(["device_binding_code": .string(code), "organization_id": .string(organizationID)]))
                #expect(organization == .object(["result": .integer(210230)]), "\(code) \(organizationID)")
                let bound = try await ask(
                    harness, "airport_organization_bind", bindDevices(code: code, organizationID: organizationID))
                #expect(
                    bound["output"]?["err_infos"]?.arrayValues.map { $0["err_code"] }
                        == [.integer(210231), .integer(210231)], "\(code) \(organizationID)")
            }
            let tenants = try await harness.database.withConnection { connection in
                try await connection.query("SELECT count(*)::int8 AS n FROM devices WHERE tenant_id IS NOT NULL")
                    .first?.decode(Int.self, column: "n")
            }
            #expect(tenants == 0)
        }
        try await harness.tearDown()
    }

    @Test func aDockBoundToOneTenantCannotBeTakenByAnotherTenantsCode() async throws {
        let harness = try await BridgeHarness.make(name: "bind-taken").configured(RequestTestConfiguration.apply)
        let api = APIDriver(database: harness.database)
        let acme = try await api.tenant("acme")
        let other = try await api.tenant("other")
        try await harness.database.withConnection { connection in
            try await connection.query(DeviceQueries.assign(sn: Self.dock, tenantID: acme.id))
            try await connection.query(
                BindingQueries.insertCode(code: "OTHERCODE2", tenantID: other.id, ttlSeconds: 3600, createdBy: "test"))
        }
        try await harness.run { harness in
            let bound = try await ask(
                harness, "airport_organization_bind", bindDevices(code: "OTHERCODE2", organizationID: "org-other"))
            // The dock stays acme's, and its aircraft is not split from it.
            #expect(
                bound["output"]?["err_infos"]?.arrayValues.map { $0["err_code"] }
                    == [.integer(210231), .integer(210231)])
            let owners = try await harness.database.withConnection { connection in
                try await connection.query("SELECT sn, tenant_id FROM devices ORDER BY sn").map {
                    "\(try $0.decode(String.self, column: "sn")) \(try $0.decode(UUID?.self, column: "tenant_id").map { "\($0)" } ?? "none")"
                }
            }
            #expect(owners == ["\(Self.dock) \(acme.id)"])
        }
        try await harness.tearDown()
    }
}

extension JSONValue {
    var arrayValues: [JSONValue] {
        if case .array(let values) = self { return values }
        return []
    }
}
