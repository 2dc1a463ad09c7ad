import Foundation
import Logging
import MQTTClient
import TestSupport
import Testing

/// The shared broker started by `scripts/local-services.sh start DIR` (which prints `MQTT_URL=...`).
func sharedBrokerURL() throws -> String {
    try #require(
        ProcessInfo.processInfo.environment["MQTT_URL"],
        "MQTT_URL is not set: run `scripts/local-services.sh start DIR` and export the MQTT_URL it prints"
    )
}

/// A client ID and topic prefix no other test or concurrent run uses.
func uniqueName(_ purpose: String) -> String {
    "dockgate-test/\(purpose)/\(UUID().uuidString.prefix(8))"
}

func makeClient(
    url: String,
    _ version: MQTTProtocolVersion = .v311,
    configure: (inout MQTTConfiguration) -> Void = { _ in }
) throws -> MQTTClient {
    var configuration = try MQTTConfiguration(url: url, clientID: uniqueName("client"))
    configuration.protocolVersion = version
    configure(&configuration)
    var logger = Logger(label: "mqtt-client-test")
    // MQTT_TEST_LOG_LEVEL=trace shows libmosquitto's own log, one line per packet.
    logger.logLevel =
        ProcessInfo.processInfo.environment["MQTT_TEST_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
    return try MQTTClient(configuration: configuration, logger: logger)
}

/// Runs `client` while `body` runs, after waiting until it is connected; then cancels it, and expects
/// `run()` to return without an error.
@discardableResult
func withRunningClient<T>(
    _ client: MQTTClient,
    _ body: (MQTTClient) async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await client.run() }
        do {
            try await client.waitUntilConnected(timeout: .seconds(20))
            let result = try await body(client)
            group.cancelAll()
            try await group.waitForAll()
            return result
        } catch {
            group.cancelAll()
            throw error
        }
    }
}

/// Runs `body` with a broker of its own, and removes the broker afterwards whatever happened.
func withTestBroker<T>(
    extraConfiguration: [String] = [],
    accessRules: [String]? = nil,
    start: Bool = true,
    _ body: (TestBroker) async throws -> T
) async throws -> T {
    let broker = try TestBroker(extraConfiguration: extraConfiguration, accessRules: accessRules)
    do {
        if start {
            try await broker.start()
        }
        let result = try await body(broker)
        await broker.remove()
        return result
    } catch {
        await broker.remove()
        throw error
    }
}

func randomPayload(count: Int) -> [UInt8] {
    var generator = SystemRandomNumberGenerator()
    return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
}

extension MQTTError.Kind {
    /// For `#expect(throws:)`: whether `error` is an `MQTTError` of this kind.
    func matches(_ error: any Error) -> Bool {
        (error as? MQTTError)?.kind == self
    }
}
