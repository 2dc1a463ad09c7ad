import Shared
import Testing

@testable import DJIBridge

/// How `MQTT_SHARE_GROUP` turns into the bridge's subscriptions.
@Suite struct BridgeConfigurationTests {
    let required = ["DATABASE_URL": "postgresql://localhost/dockgate", "MQTT_URL": "mqtt://127.0.0.1:1883"]

    func configuration(_ extra: [String: String]) throws -> BridgeConfiguration {
        try BridgeConfiguration(environment: Environment(required.merging(extra) { $1 }))
    }

    @Test func bridgesShareTheirSubscriptionsInTheDockgateGroupByDefault() throws {
        #expect(try configuration([:]).shareGroup == "dockgate")
        // Empty means "not configured", as for every variable: an unset compose variable keeps sharing on.
        #expect(try configuration(["MQTT_SHARE_GROUP": ""]).shareGroup == "dockgate")
        #expect(try configuration(["MQTT_SHARE_GROUP": "eu-bridges"]).shareGroup == "eu-bridges")
    }

    @Test func noneSubscribesPlainly() throws {
        #expect(try configuration(["MQTT_SHARE_GROUP": "none"]).shareGroup == nil)
    }

    @Test func aGroupWithASlashOrWildcardIsRefusedByName() {
        for name in ["a/b", "bridges+", "#"] {
            let error = #expect(throws: ConfigurationError.self) { try configuration(["MQTT_SHARE_GROUP": name]) }
            #expect(error?.variable == "MQTT_SHARE_GROUP")
        }
    }
}
