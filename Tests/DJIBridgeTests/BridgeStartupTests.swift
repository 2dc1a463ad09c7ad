import Logging
import MQTTClient
import ServiceLifecycle
import Shared
import TestSupport
import Testing

@testable import DJIBridge

@Suite struct BridgeStartupTests {
    func configuration(databaseURL: String, clientID: String) throws -> BridgeConfiguration {
        var configuration = try BridgeConfiguration(
            databaseURL: databaseURL,
            mqtt: MQTTConfiguration(url: TestServers.mqttURL, clientID: clientID)
        )
        configuration.httpPort = 0
        // The shared broker serves tests running in parallel: a group of its own keeps this bridge's share.
        configuration.shareGroup = clientID
        return configuration
    }

    @Test func refusesADatabaseThatIsNotMigrated() async throws {
        let database = try await TestDatabase.create()
        let error = await #expect(throws: SchemaNotCurrentError.self) {
            _ = try await buildBridge(
                configuration: configuration(databaseURL: database.url, clientID: "bridge-test-refuse"),
                logger: Logger(label: "test")
            )
        }
        #expect(error?.description.contains("run `open-api migrate`") == true)
        try await database.drop()
    }

    @Test func refusesADatabaseMigratedByANewerBuild() async throws {
        let database = try await TestDatabase.migrated()
        try await database.withConnection { connection in
            try await connection.query("INSERT INTO schema_migrations (name, checksum) VALUES ('9999_future', 'x')")
        }
        let error = await #expect(throws: SchemaNotCurrentError.self) {
            _ = try await buildBridge(
                configuration: configuration(databaseURL: database.url, clientID: "bridge-test-newer"),
                logger: Logger(label: "test")
            )
        }
        #expect(error?.status.unknown == ["9999_future"])
        try await database.drop()
    }

    @Test func receivesEveryUplinkTopicAndLogsItAtDebug() async throws {
        let database = try await TestDatabase.migrated()
        let capture = LogCapture()
        let group = try await buildBridge(
            configuration: configuration(databaseURL: database.url, clientID: "bridge-test-uplink"),
            logger: capture.logger(level: .debug)
        )
        let publisher = try MQTTClient(
            configuration: MQTTConfiguration(url: TestServers.mqttURL, clientID: "bridge-test-publisher"),
            logger: Logger(label: "test")
        )
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            tasks.addTask { try await publisher.run() }
            let subscribed = await capture.waitFor { $0.message == "subscribed to DJI uplink topics" }
            #expect(subscribed != nil)
            try await publisher.waitUntilConnected(timeout: .seconds(10))
            let payload = #"{"tid":"t1","bid":"b1","timestamp":1,"method":"update_topo","data":{}}"#
            try await publisher.publish(
                topic: "sys/product/SN_BRIDGE_TEST/status", payload: Array(payload.utf8), qos: .atLeastOnce)
            let line = await capture.waitFor {
                $0.message == "mqtt message" && $0.metadata["dji.sn"] == "SN_BRIDGE_TEST"
            }
            #expect(line?.metadata["dji.kind"] == "status")
            #expect(line?.metadata["mqtt.payload"] == payload)
            await group.triggerGracefulShutdown()
            tasks.cancelAll()
        }
        try await database.drop()
    }
}
