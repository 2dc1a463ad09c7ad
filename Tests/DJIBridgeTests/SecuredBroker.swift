import Foundation
import Logging
import MQTTClient
import Shared
import TestSupport

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
