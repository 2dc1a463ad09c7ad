import Foundation
import Logging
import MQTTClient
import Shared
import Synchronization
import TestSupport
import Testing

@testable import DJIBridge

/// A broker with the dynamic security plugin, anonymous access off, and the bridge's account made as the
/// deploy's init script (deploy/mosquitto/dynsec-init.sh) makes it: user `dockgate-bridge` with a role allowing
/// `thing/#`, `sys/#`, `$share/dockgate/#` and `$CONTROL/dynamic-security/#` (including receiving there).
struct SecuredBroker {
    static let bridgeUser = "dockgate-bridge"
    static let bridgeACLs: [DynamicSecurityACL] =
        ["thing/#", "sys/#", "$CONTROL/dynamic-security/#"].flatMap {
            [DynamicSecurityACL(.publishClientSend, topic: $0), DynamicSecurityACL(.subscribePattern, topic: $0)]
        } + [
            DynamicSecurityACL(.subscribePattern, topic: "$share/dockgate/#"),
            // mosquitto 2.0.11 drops the plugin's answers to anyone without this rule, although the default
            // publishClientReceive access is "allow" (the command is carried out, the answer never arrives).
            DynamicSecurityACL(.publishClientReceive, topic: "$CONTROL/dynamic-security/#"),
        ]

    let dynsec: DynamicSecurityBroker
    let bridgePassword: String

    static func start() async throws -> SecuredBroker {
        let dynsec = try DynamicSecurityBroker()
        try await dynsec.broker.start()
        let broker = SecuredBroker(dynsec: dynsec, bridgePassword: UUID().uuidString)
        do {
            try await broker.withControl(username: dynsec.adminUsername, password: dynsec.adminPassword) { admin in
                try await admin.execute(.createRole(name: bridgeUser, acls: bridgeACLs))
                try await admin.execute(
                    .createClient(username: bridgeUser, password: broker.bridgePassword, roles: [bridgeUser]))
            }
        } catch {
            await dynsec.remove()
            throw error
        }
        return broker
    }

    var bridgeURL: String { dynsec.url(username: Self.bridgeUser, password: bridgePassword) }

    func url(username: String, password: String) -> String { dynsec.url(username: username, password: password) }

    /// Runs `body` with a dynamic security client logged in as `username` (the bridge unless given).
    func withControl<T: Sendable>(
        username: String = bridgeUser, password: String? = nil,
        _ body: @Sendable (DynamicSecurityClient) async throws -> T
    ) async throws -> T {
        let configuration = try MQTTConfiguration(
            url: url(username: username, password: password ?? bridgePassword),
            clientID: "control-\(UUID().uuidString.prefix(8))")
        return try await DynamicSecurityClient.withClient(
            configuration: configuration, timeout: .seconds(30), logger: Logger(label: "control"), body)
    }

    func remove() async { await dynsec.remove() }
}

/// An MQTT 5 client of a test that records what it receives.
final class RecordingClient: Sendable {
    let client: MQTTClient
    private let received = Mutex<[MQTTMessage]>([])

    init(url: String, name: String) throws {
        var configuration = try MQTTConfiguration(url: url, clientID: "\(name)-\(UUID().uuidString.prefix(8))")
        configuration.protocolVersion = .v5
        configuration.reconnectDelay = 1...1
        client = try MQTTClient(configuration: configuration, logger: Logger(label: name))
    }

    var messages: [MQTTMessage] { received.withLock { $0 } }

    /// Runs the client (and records its messages) while `body` runs.
    func withRunning<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await self.client.run()
                return nil
            }
            group.addTask {
                for await message in self.client.messages { self.received.withLock { $0.append(message) } }
                return nil
            }
            defer { group.cancelAll() }
            return try await body()
        }
    }

    /// Waits (bounded) for a message on `topic`.
    func waitForMessage(on topic: String, timeout: Duration = .seconds(60)) async throws -> MQTTMessage? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let message = messages.first(where: { $0.topic == topic }) { return message }
            try await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }
}
