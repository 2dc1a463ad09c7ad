import Foundation
import MQTTClient
import Shared

extension BridgeConfiguration {
    init(environment: Environment) throws {
        let url = try environment.required("MQTT_URL")
        // Each bridge needs its own client id: a broker disconnects the older of two clients with one id.
        let clientID = environment.string(
            "MQTT_CLIENT_ID",
            default: "dockgate-bridge-\(ProcessInfo.processInfo.hostName)"
        )
        var mqtt: MQTTConfiguration
        do {
            mqtt = try MQTTConfiguration(url: url, clientID: clientID)
        } catch {
            throw ConfigurationError(variable: "MQTT_URL", problem: "is not a valid mqtt:// or mqtts:// URL: \(error)")
        }
        mqtt.caFile = environment.string("MQTT_CA_FILE")
        mqtt.keepAlive = try environment.int("MQTT_KEEPALIVE", default: mqtt.keepAlive, range: 5...3600)
        mqtt.cleanSession = try environment.bool("MQTT_CLEAN_SESSION", default: mqtt.cleanSession)
        mqtt.protocolVersion = try environment.oneOf("MQTT_PROTOCOL", default: ProtocolName.v5).version

        self.init(databaseURL: try environment.required("DATABASE_URL"), mqtt: mqtt)
        // `none` asks for plain subscriptions, not an empty value: an empty variable means "not configured"
        // everywhere else, and a compose file passing an unset variable must not silently turn sharing off.
        let shareGroup = environment.string("MQTT_SHARE_GROUP", default: "dockgate")
        guard shareGroup == Self.plainSubscriptions || DJITopic.isValidShareGroup(shareGroup) else {
            throw ConfigurationError(
                variable: "MQTT_SHARE_GROUP", problem: "must not contain '/', '+' or '#' (MQTT 5 §4.8.2)")
        }
        self.shareGroup = shareGroup == Self.plainSubscriptions ? nil : shareGroup
        databasePoolSize = try environment.int("DATABASE_POOL_SIZE", default: databasePoolSize, range: 1...100)
        flushInterval = .milliseconds(try environment.int("TELEMETRY_FLUSH_MS", default: 500, range: 50...10_000))
        offlineAfter = .seconds(try environment.int("DEVICE_OFFLINE_AFTER_SECONDS", default: 60, range: 5...86_400))
        httpHost = environment.string("BRIDGE_HTTP_HOST", default: httpHost)
        httpPort = try environment.int("BRIDGE_HTTP_PORT", default: httpPort, range: 0...65535)
        logging = try LoggingConfiguration(environment: environment)
        notifications = try NotificationSetting(environment: environment)
        requests = try RequestReplyConfiguration(environment: environment)
        dockAccounts = try environment.oneOf("BROKER_DOCK_ACCOUNTS", default: dockAccounts)
        brokerControlTimeout = .seconds(
            try environment.int("BROKER_CONTROL_TIMEOUT_SECONDS", default: 10, range: 1...300))
    }

    /// The `MQTT_SHARE_GROUP` value that subscribes without a shared subscription.
    static let plainSubscriptions = "none"

    /// `MQTT_PROTOCOL`: `5` (default: PUBACK reason codes and message expiry) or `3.1.1`.
    private enum ProtocolName: String, CaseIterable {
        case v5 = "5"
        case v311 = "3.1.1"

        var version: MQTTProtocolVersion {
            switch self {
            case .v5: .v5
            case .v311: .v311
            }
        }
    }
}
