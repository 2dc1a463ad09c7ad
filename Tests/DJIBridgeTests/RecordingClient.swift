import Foundation
import Logging
import MQTTClient
import Synchronization

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
