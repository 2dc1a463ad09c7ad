import Foundation
import Shared
import TestSupport
import Testing

/// A `SimulatedDock` against a real bridge, broker and database: what it sends by itself — binding requests,
/// state changes that ask for a reply, HMS events, its aircraft's OSD — is answered and stored as a real dock's.
@Suite(.timeLimit(.minutes(3))) struct SimulatedDockBridgeTests {
    /// A binding code of `tenant`, stored by the query the API and `open-api binding-codes create` use.
    static func credential(_ harness: BridgeHarness, tenant: Tenant) async throws -> DockBinding.Credential {
        try await harness.database.withConnection { connection in
            let rows = try await connection.query(
                BindingQueries.insertCode(
                    code: BindingCode.generate(), tenantID: tenant.id, ttlSeconds: 3600, createdBy: "test"))
            let row = try #require(rows.first)
            return DockBinding.Credential(
                organizationID: try row.decode(String.self, column: "dji_organization_id"),
                bindingCode: try row.decode(String.self, column: "code"))
        }
    }

    /// The tenant of each of `sns` in the registry (absent: not in the registry).
    static func tenants(_ connection: PostgresConnection, _ sns: [String]) async throws -> [String: UUID?] {
        var tenants: [String: UUID?] = [:]
        for sn in sns {
            if let row = try await connection.query("SELECT tenant_id FROM devices WHERE sn = \(sn)").first {
                tenants[sn] = try row.decode(UUID?.self, column: "tenant_id")
            }
        }
        return tenants
    }

    func dock(_ harness: BridgeHarness) throws -> (SimulatedDock, SimulatedHardware) {
        let hardware = SimulatedHardware(model: .dock3, index: Int.random(in: 10_000...99_999))
        let dock = try SimulatedDock(
            sn: hardware.dockSN, model: .dock3, aircraftSN: hardware.aircraftSN, mqttURL: harness.broker.url)
        return (dock, hardware)
    }

    @Test func aSimulatedDockBindsWithACodeAndItAndItsAircraftBelongToTheTenant() async throws {
        let harness = try await BridgeHarness.make(name: "simbind").configured(RequestTestConfiguration.apply)
        let acme = try await APIDriver(database: harness.database).tenant("acme")
        let credential = try await Self.credential(harness, tenant: acme)
        let (dock, hardware) = try dock(harness)
        let aircraft = (sn: hardware.aircraftSN, modelKey: hardware.aircraftModelKey)

        try await harness.run { harness in
            try await dock.withRunning {
                let refused = try await dock.bind(
                    DockBinding.Credential(organizationID: "org-acme", bindingCode: "WRONG1"), aircraft: aircraft,
                    callsign: "Sim")
                #expect(refused == .refused(method: "airport_organization_get", reason: "result 210230"))

                let outcome = try await dock.bind(credential, aircraft: aircraft, callsign: "Sim Dock")
                #expect(outcome == .bound(organizationID: "org-acme", organizationName: "acme Ops"))
                let tenants = try await harness.eventually(
                    { try await Self.tenants($0, [hardware.dockSN, hardware.aircraftSN]) },
                    until: { $0.count == 2 })
                #expect(tenants == [hardware.dockSN: acme.id, hardware.aircraftSN: acme.id])

                // A dock that is bound asks, hears so, and binds no more.
                let again = try await dock.bind(credential, aircraft: aircraft, callsign: "Sim Dock")
                #expect(again == .alreadyBound(organizationID: "org-acme", organizationName: "acme Ops"))
                #expect(dock.statistics.requestsAnswered == 6)
                #expect(dock.statistics.requestsUnanswered == 0)
            }
        }
        try await harness.tearDown()
    }

    @Test func stateAskingForAReplyIsAnsweredAndHMSAndAircraftOSDAreStored() async throws {
        let harness = try await BridgeHarness.make(name: "simstate")
        let (dock, hardware) = try dock(harness)

        try await harness.run { harness in
            try await dock.withRunning {
                try await dock.reportTopology(aircraft: (sn: hardware.aircraftSN, modelKey: hardware.aircraftModelKey))
                #expect(try await dock.reportState(DeviceChanges.stateChange(1), deviceSN: hardware.aircraftSN))
                // HMS asks for no reply in the capture; one that does gets its events_reply.
                #expect(
                    try await dock.reportEvent(
                        "hms", data: DeviceChanges.hms(0, of: hardware), deviceSN: hardware.aircraftSN, needReply: true)
                )
                try await dock.reportOSD(AircraftTelemetry.data(of: hardware), deviceSN: hardware.aircraftSN)

                let telemetry = try await harness.eventually(
                    { connection in
                        try await connection.query(
                            "SELECT osd, state FROM device_telemetry WHERE sn = \(hardware.aircraftSN)"
                        ).first.map {
                            (
                                osd: try $0.decode(JSONValue.self, column: "osd"),
                                state: try $0.decode(JSONValue.self, column: "state")
                            )
                        }
                    }, until: { $0?.osd["battery"] != nil && $0?.state["firmware_version"] != nil })
                #expect(telemetry?.osd["battery"]?["capacity_percent"] == .integer(86))
                #expect(telemetry?.osd["mode_code"] == .integer(0))
                #expect(telemetry?.state["firmware_version"] == .string("15.01.0203"))

                let hms = try await harness.eventually(
                    { connection in
                        try await connection.query(
                            """
                            SELECT gateway_sn, data FROM device_events
                            WHERE device_sn = \(hardware.aircraftSN) AND method = 'hms'
                            """
                        ).first.map {
                            (
                                gateway: try $0.decode(String?.self, column: "gateway_sn"),
                                data: try $0.decode(JSONValue.self, column: "data")
                            )
                        }
                    }, until: { $0 != nil })
                #expect(hms?.gateway == hardware.dockSN)
                #expect(hms?.data == DeviceChanges.hms(0, of: hardware))

                let statistics = dock.statistics
                #expect(statistics.stateSent == 1 && statistics.stateReplied == 1)
                #expect(statistics.eventsSent == 1 && statistics.eventsReplied == 1)
            }
        }
        try await harness.tearDown()
    }
}
