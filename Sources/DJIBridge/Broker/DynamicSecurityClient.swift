import Foundation
import Logging
import MQTTClient
import ServiceLifecycle
import Shared
import Synchronization

/// Sends commands to mosquitto's dynamic security plugin and waits for its answers.
///
/// It has an MQTT connection of its own rather than sharing the bridge's: the bridge's message stream has one
/// consumer (the uplink router), and the plugin answers only the client that sent a command (mosquitto
/// publishes the response to that client alone), so a second connection keeps the two traffics apart. The
/// account it logs in with needs `publishClientSend`, `subscribePattern` and `publishClientReceive` rules on
/// `$CONTROL/dynamic-security/#`: mosquitto 2.0.11 delivers the plugin's answers only with an explicit receive
/// rule, whatever the default access says.
///
/// Each command carries a fresh UUID as `correlationData`; a response is matched by it in a
/// ``ResponseMailbox``. A command gets no answer when the plugin is not loaded or the account may not publish
/// there (the broker drops the message without telling a 3.1.1 client), so every call has a deadline.
final class DynamicSecurityClient: Service, Sendable {
    static let commandTopic = "$CONTROL/dynamic-security/v1"
    static let responseTopic = "$CONTROL/dynamic-security/v1/response"

    private let mqtt: MQTTClient
    private let timeout: Duration
    private let logger: Logger
    private let mailbox = Mutex(ResponseMailbox())
    private let subscribed = Atomic(false)

    /// - Parameter timeout: how long a call waits for the connection and then for the plugin's answer.
    init(configuration: MQTTConfiguration, timeout: Duration, logger: Logger) throws {
        self.mqtt = try MQTTClient(configuration: configuration, logger: logger)
        self.timeout = timeout
        self.logger = logger
    }

    /// Keeps the connection and hands responses to the calls waiting for them, until cancelled or graceful
    /// shutdown (the MQTT client stops then, which ends its message stream).
    func run() async throws {
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await self.mqtt.run() }
            for await message in mqtt.messages where message.topic == Self.responseTopic {
                guard let responses = DynamicSecurityResponse.decode(message.payload) else {
                    logger.warning("a dynamic security response that is not {\"responses\": [...]}")
                    continue
                }
                for response in responses {
                    mailbox.withLock { $0.deliver(response) }.map { waiter, response in
                        waiter.resume(returning: response)
                    }
                }
            }
        }
        for waiter in mailbox.withLock({ $0.removeAll() }) {
            waiter.resume(throwing: CancellationError())
        }
    }

    /// Runs `body` with a client that is connected for its duration; for one-shot tools like the operator CLI.
    static func withClient<T: Sendable>(
        configuration: MQTTConfiguration,
        timeout: Duration,
        logger: Logger,
        _ body: @Sendable (DynamicSecurityClient) async throws -> T
    ) async throws -> T {
        let client = try DynamicSecurityClient(configuration: configuration, timeout: timeout, logger: logger)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await client.run()
                return nil
            }
            defer { group.cancelAll() }
            return try await body(client)
        }
    }

    /// Sends `commands` in one message and returns the plugin's answers in the same order. An answer with an
    /// `error` is returned, not thrown: what counts as failure depends on the command (see
    /// ``DynamicSecurityResponse/check(acceptingAlreadyDone:)``).
    ///
    /// Throws ``DynamicSecurityError/Kind/timedOut`` when the connection or an answer does not come in time,
    /// and the MQTT client's error when the publish fails.
    func perform(_ commands: [DynamicSecurityCommand]) async throws -> [DynamicSecurityResponse] {
        guard !commands.isEmpty else { return [] }
        let label = commands.map(\.name).joined(separator: ", ")
        let deadline = ContinuousClock.now.advanced(by: timeout)
        do {
            try await mqtt.waitUntilConnected(timeout: timeout)
        } catch let error as MQTTError where error.kind == .timedOut {
            throw DynamicSecurityError(kind: .timedOut, command: label, message: error.message)
        }
        if !subscribed.load(ordering: .acquiring) {
            // Remembered by the client and subscribed again after every reconnect; a repeat is harmless.
            try await mqtt.subscribe([Self.responseTopic: .atLeastOnce])
            subscribed.store(true, ordering: .releasing)
        }
        let ids = commands.map { _ in UUID().uuidString }
        mailbox.withLock { $0.expect(ids) }
        defer {
            for waiter in mailbox.withLock({ $0.forget(ids) }) { waiter.resume(throwing: CancellationError()) }
        }
        try await mqtt.publish(
            topic: Self.commandTopic,
            payload: DynamicSecurityCommand.payload(Array(zip(commands, ids))),
            qos: .atLeastOnce
        )
        return try await withThrowingTaskGroup(of: [DynamicSecurityResponse]?.self) { group in
            group.addTask {
                var responses: [DynamicSecurityResponse] = []
                for id in ids { responses.append(try await self.response(for: id)) }
                return responses
            }
            group.addTask {
                try await Task.sleep(until: deadline)
                return nil
            }
            defer { group.cancelAll() }
            guard let responses = try await group.next() ?? nil else {
                throw DynamicSecurityError(
                    kind: .timedOut, command: label,
                    message: "no response within \(timeout); is the plugin loaded, and may this account publish on "
                        + "\(Self.commandTopic) and receive (publishClientReceive) on $CONTROL/dynamic-security/#?")
            }
            return responses
        }
    }

    /// Sends one command and throws its error, if any.
    @discardableResult
    func execute(_ command: DynamicSecurityCommand, acceptingAlreadyDone: Bool = false) async throws
        -> DynamicSecurityResponse
    {
        let responses = try await perform([command])
        guard let response = responses.first else {
            throw DynamicSecurityError(kind: .refused, command: command.name, message: "no response in the answer")
        }
        try response.check(acceptingAlreadyDone: acceptingAlreadyDone)
        return response
    }

    private func response(for id: String) async throws -> DynamicSecurityResponse {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (waiter: ResponseMailbox.Waiter) in
                switch mailbox.withLock({ $0.wait(for: id, waiter) }) {
                case .wait:
                    if Task.isCancelled {
                        mailbox.withLock { $0.forget([id]) }.forEach { $0.resume(throwing: CancellationError()) }
                    }
                case .resume(let response):
                    waiter.resume(returning: response)
                case .cancelled:
                    waiter.resume(throwing: CancellationError())
                }
            }
        } onCancel: {
            mailbox.withLock { $0.forget([id]) }.forEach { $0.resume(throwing: CancellationError()) }
        }
    }
}
