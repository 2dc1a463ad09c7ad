import Foundation
import Logging
import MQTTClient
import Shared
import TestSupport
import Testing

@testable import DJIBridge

/// The bridge with `BROKER_DOCK_ACCOUNTS=dynamic-security` on a secured broker: a dock's role grows to cover the
/// aircraft its topology names, so the aircraft's telemetry, which the dock publishes on the aircraft's topics,
/// reaches the bridge and is stored.
@Suite struct DockAccessBridgeTests {
    /// A secured broker, a database, a dock account for `dockSN`, and a bridge with dynamic security running
    /// while `body` runs.
    private func withSecuredBridge(
        dockSN: String,
        _ body: (SecuredBroker, PostgresPool, DockAccountManager.Credentials) async throws -> Void
    ) async throws {
        let broker = try await SecuredBroker.start()
        let database = try await TestDatabase.migrated()
        let pool = PostgresPool(connectionString: database.url, maxConnections: 2, logger: Logger(label: "test"))
        let credentials = try await broker.withControl { control in
            try await DockAccountManager(client: control, pool: pool).create(sn: dockSN)
        }
        var configuration = BridgeConfiguration(
            databaseURL: database.url,
            mqtt: try MQTTConfiguration(url: broker.bridgeURL, clientID: "bridge-\(UUID().uuidString.prefix(8))")
        )
        configuration.httpPort = 0
        configuration.flushInterval = .milliseconds(50)
        configuration.dockAccounts = .dynamicSecurity
        let capture = LogCapture()
        let bridge = try await buildBridge(configuration: configuration, logger: capture.logger(level: .debug))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await bridge.run() }
            defer { tasks.cancelAll() }
            let subscribed = await capture.waitFor(timeout: .seconds(60)) {
                $0.message == "subscribed to DJI uplink topics"
            }
            try #require(subscribed != nil)
            try await body(broker, pool, credentials)
            await bridge.triggerGracefulShutdown()
        }
        await pool.close()
        try await database.drop()
        await broker.remove()
    }

    /// The SNs `dockSN`'s role covers besides its own, as recorded (bounded wait until `expected` shows up).
    private func grants(of dockSN: String, on pool: PostgresPool, awaiting expected: [String]) async throws -> [String]
    {
        let deadline = ContinuousClock.now + .seconds(60)
        while true {
            let sns = try await pool.query("SELECT sn FROM dock_broker_grants WHERE dock_sn = \(dockSN) ORDER BY sn")
                .map { try $0.decode(String.self, column: "sn") }
            if sns == expected || ContinuousClock.now >= deadline { return sns }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    @Test func aircraftTelemetryFlowsOnceTheDockReportsItsAircraft() async throws {
        let hardware = SimulatedHardware(model: .dock3, index: 7)
        try await withSecuredBridge(dockSN: hardware.dockSN) { broker, pool, credentials in
            let dock = try SimulatedDock(
                sn: hardware.dockSN, model: hardware.model,
                mqttURL: broker.url(username: credentials.username, password: credentials.password))
            try await dock.withRunning {
                try await dock.reportTopology(aircraft: (hardware.aircraftSN, hardware.aircraftModelKey))
                // The dock's first aircraft OSD may come before the grant and be refused: send until one is stored.
                let deadline = ContinuousClock.now + .seconds(90)
                var stored: JSONValue?
                while stored == nil && ContinuousClock.now < deadline {
                    try await dock.reportOSD(["height": .integer(42)], deviceSN: hardware.aircraftSN)
                    try await Task.sleep(for: .milliseconds(200))
                    stored = try await pool.query(
                        "SELECT osd FROM device_telemetry WHERE sn = \(hardware.aircraftSN)"
                    ).first.map { try $0.decode(PostgresJSON.self, column: "osd").decode(JSONValue.self) }
                }
                #expect(stored?["height"] == .integer(42))
            }
            #expect(
                try await grants(of: hardware.dockSN, on: pool, awaiting: [hardware.aircraftSN]) == [
                    hardware.aircraftSN
                ])
        }
    }

    @Test func bindingAnAircraftExtendsTheDocksRole() async throws {
        try await withSecuredBridge(dockSN: "DOCK-BIND") { broker, pool, credentials in
            let tenant = try #require(
                try await pool.query(
                    """
                    INSERT INTO tenants (name, dji_organization_id, dji_organization_name)
                    VALUES ('acme', 'org-acme', 'Acme') RETURNING id
                    """
                ).first
            ).decode(UUID.self, column: "id")
            try await pool.query(
                BindingQueries.insertCode(code: "BINDCODE23", tenantID: tenant, ttlSeconds: 3600, createdBy: "test"))
            let device: @Sendable (String) -> JSONValue = { sn in
                .object([
                    "device_binding_code": .string("BINDCODE23"), "organization_id": .string("org-acme"),
                    "sn": .string(sn), "device_model_key": .string(sn == "DOCK-BIND" ? "3-3-0" : "0-100-1"),
                ])
            }
            let dock = try RecordingClient(
                url: broker.url(username: credentials.username, password: credentials.password), name: "dock-bind")
            try await dock.withRunning {
                try await dock.client.waitUntilConnected(timeout: .seconds(30))
                try await dock.client.subscribe(["thing/product/DOCK-BIND/requests_reply": .atLeastOnce])
                try await dock.client.publish(
                    topic: "thing/product/DOCK-BIND/requests",
                    payload: Array(
                        JSONValue.message(
                            method: "airport_organization_bind", gateway: "DOCK-BIND",
                            data: .object(["bind_devices": .array([device("DOCK-BIND"), device("AIR-BIND")])])
                        ).jsonData),
                    qos: .atLeastOnce)
                #expect(try await dock.waitForMessage(on: "thing/product/DOCK-BIND/requests_reply") != nil)
                #expect(try await grants(of: "DOCK-BIND", on: pool, awaiting: ["AIR-BIND"]) == ["AIR-BIND"])
                // The dock may now publish as its aircraft.
                try await dock.client.publish(
                    topic: "thing/product/AIR-BIND/osd", payload: Array("{}".utf8), qos: .atLeastOnce)
            }
        }
    }

    /// A dock that names an aircraft bound to another tenant does not get that aircraft's topics.
    @Test func aDockIsNotGrantedAnotherTenantsAircraft() async throws {
        let database = try await TestDatabase.migrated()
        let pool = PostgresPool(connectionString: database.url, maxConnections: 2, logger: Logger(label: "test"))
        try await pool.query(
            """
            WITH t AS (
                INSERT INTO tenants (name, dji_organization_id, dji_organization_name)
                VALUES ('one', 'org-1', 'One'), ('two', 'org-2', 'Two') RETURNING id, name
            )
            INSERT INTO devices (sn, tenant_id)
            SELECT 'DOCK-1', id FROM t WHERE name = 'one'
            UNION ALL SELECT 'AIR-1', id FROM t WHERE name = 'one'
            UNION ALL SELECT 'AIR-2', id FROM t WHERE name = 'two'
            """)
        try await pool.query(DockAccountQueries.record(sn: "DOCK-1", role: "dock-DOCK-1"))
        try await pool.query(DockAccountQueries.recordGrant(dockSN: "DOCK-1", sn: "AIR-OLD"))
        let row = try #require(
            try await pool.query(
                DockAccountQueries.grantable(dockSN: "DOCK-1", sns: ["DOCK-1", "AIR-1", "AIR-2", "AIR-NEW", "AIR-OLD"])
            ).first)
        #expect(try row.decode(PostgresJSON.self, column: "grantable").decode([String].self) == ["AIR-1", "AIR-NEW"])
        #expect(try row.decode(PostgresJSON.self, column: "refused").decode([String].self) == ["AIR-2"])
        #expect(try await pool.query(DockAccountQueries.grantable(dockSN: "NO-ACCOUNT", sns: ["AIR-1"])).isEmpty)
        await pool.close()
        try await database.drop()
    }
}
