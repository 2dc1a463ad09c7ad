import Foundation
import Logging
import MQTTClient
import Shared
import TestSupport
import Testing

@testable import DJIBridge

/// Docks' broker accounts against a real mosquitto 2.0 with the dynamic security plugin: made by the operator
/// commands with the bridge's account, each limited to its own dock's topics.
@Suite(.serialized) struct DockBrokerIsolationTests {
    @Test func aDockReachesItsOwnTopicsButNotAnotherDocks() async throws {
        let broker = try await SecuredBroker.start()
        let database = try await TestDatabase.migrated()
        let pool = PostgresPool(connectionString: database.url, maxConnections: 2, logger: Logger(label: "test"))
        let (a, _) = try await broker.withControl { control in
            let manager = DockAccountManager(client: control, pool: pool)
            return (try await manager.create(sn: "DOCK-A"), try await manager.create(sn: "DOCK-B"))
        }
        let dock = try RecordingClient(url: broker.url(username: a.username, password: a.password), name: "dock-a")
        let bridge = try RecordingClient(url: broker.bridgeURL, name: "bridge")
        try await bridge.withRunning {
            try await dock.withRunning {
                try await bridge.client.waitUntilConnected(timeout: .seconds(30))
                try await dock.client.waitUntilConnected(timeout: .seconds(30))
                try await bridge.client.subscribe(["thing/#": .atLeastOnce, "sys/#": .atLeastOnce])

                try await dock.client.subscribe([
                    "thing/product/DOCK-A/#": .atLeastOnce, "sys/product/DOCK-A/status_reply": .atLeastOnce,
                ])
                for filter in [
                    "thing/product/DOCK-B/services", "sys/product/DOCK-B/#", "thing/product/+/services", "#",
                ] {
                    let error = await #expect(throws: MQTTError.self) {
                        try await dock.client.subscribe([filter: .atLeastOnce])
                    }
                    #expect(error?.kind == .refused, "\(filter)")
                    #expect(error?.reasonCode == 0x87, "SUBACK for \(filter): 0x87 not authorized")
                }

                // The broker handles one client's publishes in order: once the second arrives, the first would
                // have arrived before it.
                let foreign = await #expect(throws: MQTTError.self) {
                    try await dock.client.publish(
                        topic: "thing/product/DOCK-B/osd", payload: Array("{}".utf8), qos: .atLeastOnce)
                }
                #expect(foreign?.reasonCode == 0x87)
                try await dock.client.publish(
                    topic: "thing/product/DOCK-A/osd", payload: Array("{}".utf8), qos: .atLeastOnce)
                #expect(try await bridge.waitForMessage(on: "thing/product/DOCK-A/osd") != nil)
                #expect(!bridge.messages.contains { $0.topic.contains("DOCK-B") })

                // The bridge reaches the dock's topics; the dock receives them.
                try await bridge.client.publish(
                    topic: "thing/product/DOCK-A/services", payload: Array("{}".utf8), qos: .atLeastOnce)
                #expect(try await dock.waitForMessage(on: "thing/product/DOCK-A/services") != nil)
            }
        }
        await pool.close()
        try await database.drop()
        await broker.remove()
    }

    @Test func anonymousClientsAndWrongPasswordsAreRefused() async throws {
        let broker = try await SecuredBroker.start()
        for url in [
            "mqtt://127.0.0.1:\(broker.dynsec.broker.port)",
            broker.url(username: SecuredBroker.bridgeUser, password: "wrong"),
        ] {
            let client = try RecordingClient(url: url, name: "intruder")
            try await client.withRunning {
                await #expect(throws: MQTTError.self) {
                    try await client.client.waitUntilConnected(timeout: .seconds(5))
                }
                #expect(client.client.lastConnectionError?.kind == .refused)
            }
        }
        await broker.remove()
    }

    /// mosquitto 2.0.11 checks a shared subscription's filter with its `$share/GROUP/` prefix against the ACL:
    /// `thing/#` does not allow `$share/dockgate/thing/...`, so the bridge's role needs `$share/dockgate/#`.
    @Test func sharedSubscriptionsAreCheckedWithTheirSharePrefix() async throws {
        let broker = try await SecuredBroker.start()
        try await broker.withControl { control in
            try await control.execute(
                .createRole(name: "no-share", acls: [DynamicSecurityACL(.subscribePattern, topic: "thing/#")]))
            try await control.execute(.createClient(username: "no-share", password: "pw", roles: ["no-share"]))
        }
        let withShare = try RecordingClient(url: broker.bridgeURL, name: "with-share")
        let withoutShare = try RecordingClient(url: broker.url(username: "no-share", password: "pw"), name: "without")
        try await withShare.withRunning {
            try await withoutShare.withRunning {
                try await withShare.client.waitUntilConnected(timeout: .seconds(30))
                try await withoutShare.client.waitUntilConnected(timeout: .seconds(30))
                try await withShare.client.subscribe(["$share/dockgate/thing/product/+/osd": .atLeastOnce])
                try await withoutShare.client.subscribe(["thing/product/+/osd": .atLeastOnce])
                let error = await #expect(throws: MQTTError.self) {
                    try await withoutShare.client.subscribe(["$share/dockgate/thing/product/+/osd": .atLeastOnce])
                }
                #expect(error?.reasonCode == 0x87)
            }
        }
        await broker.remove()
    }

    @Test func rotateAndRevokeLockOldCredentialsOut() async throws {
        let broker = try await SecuredBroker.start()
        let database = try await TestDatabase.migrated()
        let pool = PostgresPool(connectionString: database.url, maxConnections: 2, logger: Logger(label: "test"))
        try await broker.withControl { control in
            let manager = DockAccountManager(client: control, pool: pool)
            let first = try await manager.create(sn: "DOCK-R")
            #expect(first.password.count == DockBrokerPassword.length)
            await #expect(throws: OperatorFailure.self) { try await manager.create(sn: "DOCK-R") }
            await #expect(throws: OperatorFailure.self) { try await manager.create(sn: "DOCK/+") }
            #expect(try await Self.connects(broker.url(username: "DOCK-R", password: first.password)))

            let second = try await manager.rotate(sn: "DOCK-R")
            #expect(second.password != first.password)
            #expect(try await !Self.connects(broker.url(username: "DOCK-R", password: first.password)))
            #expect(try await Self.connects(broker.url(username: "DOCK-R", password: second.password)))
            let listed = try await manager.list()
            #expect(listed.map(\.sn) == ["DOCK-R"])
            #expect(listed.first?.onBroker == true)

            try await manager.revoke(sn: "DOCK-R")
            #expect(try await !Self.connects(broker.url(username: "DOCK-R", password: second.password)))
            #expect(try await manager.list().isEmpty)
            await #expect(throws: OperatorFailure.self) { try await manager.revoke(sn: "DOCK-R") }
            await #expect(throws: OperatorFailure.self) { try await manager.rotate(sn: "DOCK-R") }
        }
        await pool.close()
        try await database.drop()
        await broker.remove()
    }

    /// Whether a client with `url` gets connected (a refusal shows within a few seconds on loopback).
    private static func connects(_ url: String) async throws -> Bool {
        let client = try RecordingClient(url: url, name: "probe")
        return try await client.withRunning {
            do {
                try await client.client.waitUntilConnected(timeout: .seconds(10))
                return true
            } catch {
                return false
            }
        }
    }
}
