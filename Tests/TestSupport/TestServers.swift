import Foundation

/// Where the integration tests find the real servers that `scripts/test` (or
/// `scripts/local-services.sh start`) started for them.
public enum TestServers {
    /// `DATABASE_URL` of a server where tests may create databases.
    public static var databaseURL: String {
        get throws { try variable("DATABASE_URL") }
    }

    /// `MQTT_URL` of a loopback mosquitto.
    public static var mqttURL: String {
        get throws { try variable("MQTT_URL") }
    }

    private static func variable(_ name: String) throws -> String {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
            throw MissingTestServer(variable: name)
        }
        return value
    }
}

/// Integration tests fail, never skip, without their servers: run them through `scripts/test`.
public struct MissingTestServer: Error, CustomStringConvertible {
    public var variable: String
    public var description: String {
        "\(variable) is not set: run the tests with scripts/test, or start servers with "
            + "`scripts/local-services.sh start DIR` and export the variables it prints"
    }
}
