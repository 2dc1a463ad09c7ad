import Foundation
import Logging
import MQTTClient
import ServiceLifecycle
import Shared
import TestSupport

@testable import DJIBridge

/// A migrated database with a tenant and an API client, a bridge built by `buildBridge` running in this process,
/// and simulated docks on the shared broker. SNs are unique per fixture, so tests running in parallel on one
/// broker never answer each other's commands.
struct DownlinkFixture {
    let database: TestDatabase
    let tenantID: UUID
    let apiID: String
    let prefix = "T\(UUID().uuidString.prefix(8))"

    static func make() async throws -> DownlinkFixture {
        let database = try await TestDatabase.migrated()
        let (tenantID, apiID) = try await database.tenantWithClient()
        return DownlinkFixture(database: database, tenantID: tenantID, apiID: apiID)
    }

    /// A dock SN no other test uses.
    func sn(_ name: String) -> String { "\(prefix)-\(name)" }

    func dock(_ name: String, model: DockModel = .dock3, defaultBehaviour: SimulatedDock.Behaviour = .succeed) throws
        -> SimulatedDock
    {
        try SimulatedDock(
            sn: sn(name), model: model, mqttURL: try TestServers.mqttURL, defaultBehaviour: defaultBehaviour)
    }

    /// Registers a dock in the device registry of the test's tenant.
    func register(_ dock: SimulatedDock, online: Bool = true) async throws {
        try await database.device(sn: dock.sn, modelKey: dock.model.modelKey, online: online, tenantID: tenantID)
    }

    func command(
        _ device: String, _ method: String, payload: JSONValue = .null, timeoutSeconds: Int = 20,
        gatewaySN: String? = nil
    ) async throws -> DownlinkCommandRecord {
        try await database.createCommand(
            tenantID: tenantID, apiID: apiID, deviceSN: device, gatewaySN: gatewaySN, method: method,
            payload: payload, timeoutSeconds: timeoutSeconds)
    }

    func finished(_ command: DownlinkCommandRecord, timeout: Duration = .seconds(20)) async throws
        -> DownlinkCommandRecord
    {
        try await database.waitForCommand(command.id, tenantID: tenantID, timeout: timeout)
    }

    func reload(_ command: DownlinkCommandRecord) async throws -> DownlinkCommandRecord {
        try await database.command(command.id, tenantID: tenantID)
    }

    /// Runs the bridge (MQTT 5, so PUBACK reason codes and message expiry are in play) while `body` runs.
    func withBridge<T>(_ body: () async throws -> T) async throws -> T {
        var mqtt = try MQTTConfiguration(url: TestServers.mqttURL, clientID: "bridge-\(prefix)")
        mqtt.protocolVersion = .v5
        var logger = Logger(label: "bridge-test")
        logger.logLevel = .warning
        var configuration = BridgeConfiguration(databaseURL: database.url, mqtt: mqtt)
        configuration.httpPort = 0
        // Bridges of other tests share the broker: a group of the fixture's own keeps their messages apart.
        configuration.shareGroup = prefix
        let group = try await buildBridge(configuration: configuration, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            do {
                let result = try await body()
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return result
            } catch {
                await group.triggerGracefulShutdown()
                tasks.cancelAll()
                throw error
            }
        }
    }

    func drop() async throws { try await database.drop() }
}
