import Foundation
import Shared
import TestSupport
import Testing

/// `dji-bridge dock-accounts` as an operator runs it: the built binary, configured by the bridge's environment.
@Suite struct DockAccountsCLITests {
    @Test func createPrintsCredentialsThatLogInAndListShowsTheAccount() async throws {
        let broker = try await SecuredBroker.start()
        let database = try await TestDatabase.migrated()
        let environment = [
            "DATABASE_URL": database.url, "MQTT_URL": broker.bridgeURL, "BROKER_DOCK_ACCOUNTS": "dynamic-security",
            "MQTT_CLIENT_ID": "cli-test-\(UUID().uuidString.prefix(8))",
        ]

        let created = try BuiltBinary.run(
            "dji-bridge", ["dock-accounts", "create", "--sn", "DOCK-CLI"], environment: environment)
        #expect(created.status == 0, "\(created.stderr)")
        let credentials = try #require(JSONValue(parsing: Array(created.stdout.utf8)))
        #expect(credentials["username"] == .string("DOCK-CLI"))
        #expect(credentials["role"] == .string("dock-DOCK-CLI"))
        let password = try #require(credentials["password"]?.stringValue)

        let dock = try RecordingClient(url: broker.url(username: "DOCK-CLI", password: password), name: "dock-cli")
        try await dock.withRunning { try await dock.client.waitUntilConnected(timeout: .seconds(30)) }

        let listed = try BuiltBinary.run("dji-bridge", ["dock-accounts", "list"], environment: environment)
        #expect(listed.status == 0, "\(listed.stderr)")
        let accounts = try #require(JSONValue(parsing: Array(listed.stdout.utf8)))
        guard case .array(let list) = accounts else {
            Issue.record("list printed \(listed.stdout)")
            return
        }
        #expect(list.count == 1)
        #expect(list.first?["sn"] == .string("DOCK-CLI"))
        #expect(list.first?["on_broker"] == .bool(true))
        #expect(list.first?["password"] == nil)
        #expect(!listed.stdout.contains(password))

        var off = environment
        off["BROKER_DOCK_ACCOUNTS"] = nil
        let refused = try BuiltBinary.run(
            "dji-bridge", ["dock-accounts", "create", "--sn", "DOCK-X"], environment: off)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("BROKER_DOCK_ACCOUNTS"))

        try await database.drop()
        await broker.remove()
    }
}
