import Shared
import Testing

@testable import DJIBridge

@Suite struct DockAccountConfigurationTests {
    let base = ["MQTT_URL": "mqtt://dockgate-bridge:pw@broker:1883", "DATABASE_URL": "postgresql://db/dockgate"]

    @Test func docksAccountsAreOffUnlessAsked() throws {
        let configuration = try BridgeConfiguration(environment: Environment(base))
        #expect(configuration.dockAccounts == .off)
        #expect(configuration.brokerControlTimeout == .seconds(10))
    }

    @Test func dynamicSecurityIsReadWithItsTimeout() throws {
        var values = base
        values["BROKER_DOCK_ACCOUNTS"] = "dynamic-security"
        values["BROKER_CONTROL_TIMEOUT_SECONDS"] = "3"
        let configuration = try BridgeConfiguration(environment: Environment(values))
        #expect(configuration.dockAccounts == .dynamicSecurity)
        #expect(configuration.brokerControlTimeout == .seconds(3))
        #expect(configuration.mqtt.controlConnection.clientID == configuration.mqtt.clientID + "-control")
        #expect(configuration.mqtt.controlConnection.username == "dockgate-bridge")
    }

    @Test func anUnknownModeNamesTheVariable() {
        var values = base
        values["BROKER_DOCK_ACCOUNTS"] = "password-file"
        let error = #expect(throws: ConfigurationError.self) {
            try BridgeConfiguration(environment: Environment(values))
        }
        #expect(error?.variable == "BROKER_DOCK_ACCOUNTS")
    }
}
