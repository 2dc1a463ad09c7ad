import Synchronization
import TestSupport
import Testing

@testable import MQTTClient

/// The client against brokers the tests start, stop, freeze and kill themselves (`TestBroker`).
@Suite(.timeLimit(.minutes(1)))
struct MQTTClientBrokerLifecycleTests {
    @Test(arguments: [(MQTTProtocolVersion.v311, false), (.v5, false), (.v311, true)])
    func reconnectsAfterBrokerRestartAndSubscribesAgain(version: MQTTProtocolVersion, tls: Bool) async throws {
        // With TLS, a killed broker sends no close_notify: OpenSSL 3 reports "unexpected eof", after which
        // libmosquitto 2.0.11's own loop (mosquitto_loop_forever) would never reconnect.
        let authority = tls ? try TestCertificateAuthority() : nil
        defer { authority?.remove() }
        try await withTestBroker(extraConfiguration: authority?.listenerConfiguration ?? []) { broker in
            let url = tls ? "mqtts://127.0.0.1:\(broker.port)" : broker.url
            let topic = uniqueName("after-restart")
            let configure = { (configuration: inout MQTTConfiguration) in
                configuration.reconnectDelay = 1...2
                configuration.caFile = authority?.caFile
            }
            let subscriber = try makeClient(url: url, version, configure: configure)
            var states = subscriber.connectionStates.makeAsyncIterator()
            try await withRunningClient(subscriber) { subscriber in
                var messages = subscriber.messages.makeAsyncIterator()
                try await subscriber.subscribe([topic: .atLeastOnce])
                #expect(await states.next() == .connecting)
                #expect(await states.next() == .connected)

                await broker.stop()
                #expect(await states.next() == .disconnected)
                // Same port: libmosquitto's own reconnect finds it. The broker has no persistence, so the
                // subscription exists again only if the client sent it again.
                try await broker.start()
                #expect(await states.next() == .connected)
                #expect(subscriber.state == .connected)

                try await withRunningClient(try makeClient(url: url, version, configure: configure)) { publisher in
                    try await publisher.publish(topic: topic, payload: [7], qos: .atLeastOnce)
                }
                let message = try #require(await messages.next())
                #expect(message == MQTTMessage(topic: topic, payload: [7], qos: .atLeastOnce, retain: false))
            }
        }
    }

    @Test func connectsOnceABrokerThatWasDownAtStartComesUp() async throws {
        try await withTestBroker(start: false) { broker in
            let client = try makeClient(url: broker.url) { $0.reconnectDelay = 1...2 }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await client.run() }
                await #expect {
                    try await client.waitUntilConnected(timeout: .milliseconds(300))
                } throws: {
                    MQTTError.Kind.timedOut.matches($0)
                }
                await #expect {
                    try await client.publish(topic: "dockgate-test/x", payload: [1], qos: .atLeastOnce)
                } throws: {
                    MQTTError.Kind.notConnected.matches($0)
                }
                try await broker.start()
                try await client.waitUntilConnected(timeout: .seconds(20))
                try await client.publish(topic: uniqueName("late-broker"), payload: [1], qos: .atLeastOnce)
                group.cancelAll()
                try await group.waitForAll()
            }
        }
    }

    @Test(arguments: [MQTTProtocolVersion.v311, .v5])
    func publishDeniedByTheBrokerIsRefusedOnMQTT5(version: MQTTProtocolVersion) async throws {
        try await withTestBroker(accessRules: ["topic readwrite allowed/#"]) { broker in
            try await withRunningClient(try makeClient(url: broker.url, version)) { client in
                let publish = { try await client.publish(topic: "denied/command", payload: [1], qos: .atLeastOnce) }
                if version == .v5 {
                    // MQTT 5 PUBACK reason 0x87 "not authorized": the broker dropped the message.
                    await #expect {
                        try await publish()
                    } throws: { error in
                        let error = error as? MQTTError
                        return error?.kind == .refused && error?.reasonCode == 0x87
                    }
                } else {
                    // A 3.1.1 PUBACK has no reason code: the broker acknowledges and drops the message.
                    let result = try await publish()
                    #expect(result.reasonCode == nil)
                }
                try await client.publish(topic: "allowed/command", payload: [1], qos: .atLeastOnce)
            }
        }
    }

    @Test func configurationLibmosquittoRejectsEndsRun() async throws {
        let client = try makeClient(url: "mqtt://127.0.0.1:1883") { $0.keepAlive = 1 }
        await #expect {
            try await client.run()
        } throws: {
            MQTTError.Kind.invalidConfiguration.matches($0)
        }
    }

    @Test func unresolvableHostKeepsRetryingUntilCancelled() async throws {
        // A name that does not resolve makes mosquitto_connect_async fail at once (MOSQ_ERR_EAI); that must
        // be retried like a refused connection (a broker container not up yet), not end run().
        let client = try makeClient(url: "mqtt://dockgate-test.invalid:1883") { $0.reconnectDelay = 1...1 }
        var states = client.connectionStates.makeAsyncIterator()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.run() }
            #expect(await states.next() == .connecting)
            #expect(await states.next() == .disconnected)
            await #expect {
                try await client.waitUntilConnected(timeout: .milliseconds(1500))
            } throws: {
                MQTTError.Kind.timedOut.matches($0)
            }
            group.cancelAll()
            try await group.waitForAll()
        }
        #expect(await states.next() == nil)
    }

    @Test func pendingQoS1PublishFailsWithConnectionLostWhenTheConnectionDrops() async throws {
        try await withTestBroker { broker in
            let client = try makeClient(url: broker.url) { $0.reconnectDelay = 1...2 }
            try await withRunningClient(client) { client in
                // A frozen broker keeps the connection but never answers: the PUBACK cannot come.
                broker.suspend()
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        await #expect {
                            try await client.publish(topic: uniqueName("unanswered"), payload: [1], qos: .atLeastOnce)
                        } throws: {
                            MQTTError.Kind.connectionLost.matches($0)
                        }
                    }
                    // The client offers no event for "waiting for a PUBACK"; look at its bookkeeping until it is.
                    let deadline = ContinuousClock.now.advanced(by: .seconds(10))
                    while client.machine.withLock({ $0.pendingAcknowledgementCount }) == 0 {
                        try #require(ContinuousClock.now < deadline, "the publish never started waiting")
                        try await Task.sleep(for: .milliseconds(5))
                    }
                    await broker.stop()
                    try await group.waitForAll()
                }
                #expect(client.machine.withLock { $0.pendingAcknowledgementCount } == 0)
            }
        }
    }

    @Test(arguments: [(MQTTProtocolVersion.v311, 5), (.v5, 0x87)])
    func refusedConnectionIsRetriedAndReportedWithTheReasonCode(version: MQTTProtocolVersion, reason: Int)
        async throws
    {
        try await withTestBroker(extraConfiguration: ["allow_anonymous false"]) { broker in
            let client = try makeClient(url: broker.url, version) { $0.reconnectDelay = 1...1 }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await client.run() }
                await #expect {
                    try await client.waitUntilConnected(timeout: .milliseconds(1500))
                } throws: {
                    // The timeout names the reason, so a bridge that gives up at start-up can log it.
                    MQTTError.Kind.timedOut.matches($0) && "\($0)".lowercased().contains("not authori")
                }
                // 3.1.1 CONNACK 5 / MQTT 5 reason 0x87: "not authorized".
                let error = try #require(client.lastConnectionError)
                #expect(error.kind == .refused)
                #expect(error.reasonCode == reason)
                #expect(client.state == .disconnected)
                group.cancelAll()
                try await group.waitForAll()
            }
        }
    }
}

@Suite(.timeLimit(.minutes(1)))
struct MQTTClientTLSTests {
    @Test func tlsWithTheBrokersCAFileWorks() async throws {
        let authority = try TestCertificateAuthority()
        defer { authority.remove() }
        try await withTestBroker(extraConfiguration: authority.listenerConfiguration) { broker in
            let topic = uniqueName("tls")
            let client = try makeClient(url: "mqtts://127.0.0.1:\(broker.port)", .v5) { $0.caFile = authority.caFile }
            try await withRunningClient(client) { client in
                var messages = client.messages.makeAsyncIterator()
                try await client.subscribe([topic: .atLeastOnce])
                try await client.publish(topic: topic, payload: [1], qos: .atLeastOnce)
                #expect(await messages.next()?.payload == [1])
            }
        }
    }

    @Test func tlsWithoutTrustInTheBrokersCertificateIsReportedAndRetried() async throws {
        let authority = try TestCertificateAuthority()
        defer { authority.remove() }
        try await withTestBroker(extraConfiguration: authority.listenerConfiguration) { broker in
            // No CA file: the system CAs do not know the test CA, so the handshake fails.
            let client = try makeClient(url: "mqtts://127.0.0.1:\(broker.port)") { $0.reconnectDelay = 1...1 }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await client.run() }
                await #expect {
                    try await client.waitUntilConnected(timeout: .milliseconds(1500))
                } throws: {
                    MQTTError.Kind.timedOut.matches($0)
                }
                let error = try #require(client.lastConnectionError)
                #expect(error.code == 8, "MOSQ_ERR_TLS, got \(error)")
                group.cancelAll()
                try await group.waitForAll()
            }
        }
    }
}
