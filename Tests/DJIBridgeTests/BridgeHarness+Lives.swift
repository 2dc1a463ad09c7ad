import Foundation
import Logging
import MQTTClient
import ServiceLifecycle
import Shared
import TestSupport
import Testing

@testable import DJIBridge

/// Running the dock and the bridge separately, so a test can stop a bridge and start another one (a restarted
/// process: same configuration and MQTT client id, same database and broker) while the dock stays connected.
extension BridgeHarness {
    /// This harness with a changed bridge configuration; call it before running anything.
    func configured(_ change: (inout BridgeConfiguration) -> Void) -> BridgeHarness {
        var configuration = self.configuration
        change(&configuration)
        return BridgeHarness(broker: broker, database: database, configuration: configuration, dock: dock)
    }

    /// Runs the dock client, recording every reply, while `body` runs.
    func withDock(_ body: @Sendable () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await dock.run() }
            tasks.addTask {
                for await message in dock.messages {
                    guard let json = JSONValue(parsing: message.payload) else { continue }
                    replyLog.append(topic: message.topic, message: json)
                }
            }
            do {
                try await dock.waitUntilConnected(timeout: .seconds(10))
                try await dock.subscribe([
                    "sys/product/+/status_reply": .atLeastOnce, "thing/product/+/requests_reply": .atLeastOnce,
                ])
                try await body()
            } catch {
                tasks.cancelAll()
                throw error
            }
            tasks.cancelAll()
        }
    }

    /// Runs one bridge process while `body` runs, then shuts it down gracefully and waits until it stopped.
    func withBridge(_ body: @Sendable () async throws -> Void) async throws {
        let capture = LogCapture()
        let clock = self.clock
        let group = try await buildBridge(
            configuration: configuration, logger: capture.logger(level: .info), now: { clock.now })
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            do {
                let subscribed = await capture.waitFor { $0.message == "subscribed to DJI uplink topics" }
                try #require(subscribed != nil)
                try await body()
            } catch {
                await group.triggerGracefulShutdown()
                tasks.cancelAll()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    /// The request a dock sent with `tid` once `condition` holds for it (bounded wait).
    func storedRequest(tid: String, until condition: @escaping (DeviceRequestRecord?) -> Bool = { $0 != nil })
        async throws -> DeviceRequestRecord?
    {
        try await eventually(
            { connection in
                guard
                    let row = try await connection.query("SELECT request_id FROM device_requests WHERE tid = \(tid)")
                        .first
                else { return nil }
                let id = try row.decode(UUID.self, column: "request_id")
                return try await connection.query(DeviceRequestQueries.find(requestID: id)).first.map(
                    DeviceRequestRecord.init(row:))
            }, until: condition)
    }
}

/// The configuration the request tests give the bridge: every auto reply available.
enum RequestTestConfiguration {
    static let app = DJIAppCredentials(appID: "123456", appKey: "test-app-key", appLicense: "test-app-license")
    static let storage = ObjectStorageConfiguration(
        provider: .minio,
        endpoint: "http://127.0.0.1:9000",
        bucket: "dockgate-media",
        region: "us-east-1",
        objectKeyPrefix: "media",
        accessKeyID: "test-access-key",
        secretAccessKey: "test-secret-key",
        securityToken: "",
        credentialsExpireSeconds: 3600
    )

    static func apply(_ configuration: inout BridgeConfiguration) {
        configuration.requests = RequestReplyConfiguration(app: app, storage: storage)
        configuration.requests.ntpServerHost = "ntp.example.com"
    }
}
