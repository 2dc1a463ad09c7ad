import Synchronization
import Testing

@testable import MQTTClient

/// The client against the shared broker from `scripts/local-services.sh` (`MQTT_URL`). Every test uses its
/// own client IDs and topics, so tests and concurrent runs do not see each other's messages.
@Suite(.timeLimit(.minutes(1)))
struct MQTTClientTests {
    @Test(arguments: [MQTTProtocolVersion.v311, .v5])
    func qos1PublishReturnsAfterPubackAndReachesTheSubscriber(version: MQTTProtocolVersion) async throws {
        let url = try sharedBrokerURL()
        let topic = uniqueName("round-trip")
        let payload = Array("{\"method\":\"flighttask_prepare\"}".utf8)
        try await withRunningClient(try makeClient(url: url, version)) { subscriber in
            var messages = subscriber.messages.makeAsyncIterator()
            try await subscriber.subscribe([topic: .atLeastOnce])

            let result = try await withRunningClient(try makeClient(url: url, version)) { publisher in
                try await publisher.publish(topic: topic, payload: payload, qos: .atLeastOnce)
            }
            #expect(result.messageID > 0)
            // Only a PUBACK carries a reason code: on MQTT 5 its presence shows the call waited for it.
            #expect(result.reasonCode == (version == .v5 ? 0 : nil))

            let message = try #require(await messages.next())
            #expect(message == MQTTMessage(topic: topic, payload: payload, qos: .atLeastOnce, retain: false))
        }
    }

    @Test func qos0PublishArrivesWithQoS0() async throws {
        let url = try sharedBrokerURL()
        let topic = uniqueName("qos0")
        try await withRunningClient(try makeClient(url: url, .v5)) { client in
            var messages = client.messages.makeAsyncIterator()
            try await client.subscribe([topic: .atLeastOnce])
            let result = try await client.publish(
                topic: topic, payload: [1, 2, 3], qos: .atMostOnce, messageExpiry: 60)
            #expect(result.reasonCode == nil)
            let message = try #require(await messages.next())
            #expect(message == MQTTMessage(topic: topic, payload: [1, 2, 3], qos: .atMostOnce, retain: false))
        }
    }

    @Test func mqtt5PubackReportsNoMatchingSubscribers() async throws {
        let url = try sharedBrokerURL()
        try await withRunningClient(try makeClient(url: url, .v5)) { client in
            let result = try await client.publish(
                topic: uniqueName("nobody-listens"),
                payload: Array("ping".utf8),
                qos: .atLeastOnce,
                messageExpiry: 30
            )
            #expect(result.reasonCode == 0x10)
        }
    }

    @Test func mqtt311PubackHasNoReasonCode() async throws {
        let url = try sharedBrokerURL()
        try await withRunningClient(try makeClient(url: url, .v311)) { client in
            let result = try await client.publish(
                topic: uniqueName("nobody-listens"),
                payload: Array("ping".utf8),
                qos: .atLeastOnce,
                messageExpiry: 30
            )
            #expect(result.reasonCode == nil)
        }
    }

    @Test func concurrentQoS1PublishesAllCompleteWithDistinctIDsAndArrive() async throws {
        // Many publishes in flight at once: PUBACKs race the calls that wait for them (an acknowledgement can
        // arrive before mosquitto_publish has returned its message id).
        let url = try sharedBrokerURL()
        let topic = uniqueName("concurrent")
        let (tasks, perTask) = (20, 100)
        try await withRunningClient(try makeClient(url: url, .v5)) { client in
            var messages = client.messages.makeAsyncIterator()
            try await client.subscribe([topic: .atLeastOnce])
            let messageIDs = try await withThrowingTaskGroup(of: [Int32].self) { group in
                for task in 0..<tasks {
                    group.addTask {
                        var ids: [Int32] = []
                        for index in 0..<perTask {
                            let payload = Array("\(task)-\(index)".utf8)
                            ids.append(
                                try await client.publish(topic: topic, payload: payload, qos: .atLeastOnce).messageID)
                        }
                        return ids
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(Set(messageIDs).count == tasks * perTask)
            var received = Set<[UInt8]>()
            while received.count < tasks * perTask, let message = await messages.next() {
                received.insert(message.payload)
            }
            #expect(received.count == tasks * perTask)
            #expect(client.machine.withLock { $0.pendingAcknowledgementCount } == 0)
        }
    }

    @Test func a256KiBPayloadArrivesIntact() async throws {
        let url = try sharedBrokerURL()
        let topic = uniqueName("large")
        let payload = randomPayload(count: 256 * 1024)
        try await withRunningClient(try makeClient(url: url)) { client in
            var messages = client.messages.makeAsyncIterator()
            try await client.subscribe([topic: .atLeastOnce])
            try await client.publish(topic: topic, payload: payload, qos: .atLeastOnce)
            let message = try #require(await messages.next())
            #expect(message.topic == topic)
            #expect(message.payload.count == payload.count)
            #expect(message.payload == payload)
        }
    }

    @Test func retainedMessageIsDeliveredWithTheRetainFlag() async throws {
        let url = try sharedBrokerURL()
        let topic = uniqueName("retained")
        try await withRunningClient(try makeClient(url: url)) { client in
            try await client.publish(topic: topic, payload: [42], qos: .atLeastOnce, retain: true)
            var messages = client.messages.makeAsyncIterator()
            try await client.subscribe([topic: .atLeastOnce])
            let message = try #require(await messages.next())
            #expect(message == MQTTMessage(topic: topic, payload: [42], qos: .atLeastOnce, retain: true))
            // An empty retained message clears it, so the shared broker does not keep it.
            try await client.publish(topic: topic, payload: [], qos: .atLeastOnce, retain: true)
        }
    }

    @Test func wildcardSubscriptionsWithDifferentQoS() async throws {
        let url = try sharedBrokerURL()
        let prefix = uniqueName("wildcards")
        try await withRunningClient(try makeClient(url: url, .v5)) { client in
            var messages = client.messages.makeAsyncIterator()
            try await client.subscribe(["\(prefix)/osd/+": .atMostOnce, "\(prefix)/events/#": .atLeastOnce])
            try await client.publish(topic: "\(prefix)/osd/dock1", payload: [1], qos: .atLeastOnce)
            try await client.publish(topic: "\(prefix)/events/dock1/x", payload: [2], qos: .atLeastOnce)
            var received: [String: MQTTQoS] = [:]
            for _ in 0..<2 {
                let message = try #require(await messages.next())
                received[message.topic] = message.qos
            }
            // The broker delivers at the lower of the publish and the subscription QoS.
            #expect(received == ["\(prefix)/osd/dock1": .atMostOnce, "\(prefix)/events/dock1/x": .atLeastOnce])
        }
    }

    @Test func unsubscribedTopicNoLongerDelivers() async throws {
        let url = try sharedBrokerURL()
        let dropped = uniqueName("dropped")
        let kept = uniqueName("kept")
        try await withRunningClient(try makeClient(url: url)) { client in
            var messages = client.messages.makeAsyncIterator()
            try await client.subscribe([dropped: .atLeastOnce, kept: .atLeastOnce])
            try await client.unsubscribe([dropped])
            try await client.publish(topic: dropped, payload: [1], qos: .atLeastOnce)
            try await client.publish(topic: kept, payload: [2], qos: .atLeastOnce)
            // mosquitto forwards one client's messages in order: had `dropped` been delivered, it came first.
            let message = try #require(await messages.next())
            #expect(message.topic == kept)
        }
    }

    @Test func invalidTopicIsRejectedAndTheClientKeepsWorking() async throws {
        let url = try sharedBrokerURL()
        try await withRunningClient(try makeClient(url: url)) { client in
            for qos in [MQTTQoS.atMostOnce, .atLeastOnce] {
                // Wildcards are for filters; libmosquitto refuses them in a topic (MOSQ_ERR_INVAL = 3).
                await #expect {
                    try await client.publish(topic: "dockgate-test/+/x", payload: [1], qos: qos)
                } throws: { error in
                    let error = error as? MQTTError
                    return error?.kind == .library && error?.code == 3
                }
            }
            await #expect {
                try await client.subscribe(["dockgate-test/#/x": .atLeastOnce])
            } throws: {
                MQTTError.Kind.library.matches($0)
            }
            // Not remembered, so not sent again (and refused again) after every reconnect.
            #expect(client.machine.withLock { $0.subscriptions }.isEmpty)
            let result = try await client.publish(topic: uniqueName("valid"), payload: [1], qos: .atLeastOnce)
            #expect(result.messageID > 0)
        }
    }

    @Test func publishAndSubscribeBeforeRunThrowNotConnected() async throws {
        let client = try makeClient(url: try sharedBrokerURL())
        #expect(client.state == .disconnected)
        for qos in [MQTTQoS.atMostOnce, .atLeastOnce] {
            await #expect {
                try await client.publish(topic: "dockgate-test/x", payload: [1], qos: qos)
            } throws: {
                MQTTError.Kind.notConnected.matches($0)
            }
        }
        await #expect {
            try await client.subscribe(["dockgate-test/x": .atLeastOnce])
        } throws: {
            MQTTError.Kind.notConnected.matches($0)
        }
    }

    @Test func cancellingRunDisconnectsAndFinishesTheStreams() async throws {
        let client = try makeClient(url: try sharedBrokerURL())
        var states = client.connectionStates.makeAsyncIterator()
        var messages = client.messages.makeAsyncIterator()
        try await withRunningClient(client) { _ in }

        #expect(client.state == .disconnected)
        var seen: [MQTTConnectionState] = []
        while let state = await states.next() {
            seen.append(state)
        }
        #expect(seen == [.connecting, .connected, .disconnected])
        #expect(await messages.next() == nil)
        await #expect {
            try await client.publish(topic: "dockgate-test/x", payload: [1], qos: .atLeastOnce)
        } throws: {
            MQTTError.Kind.stopped.matches($0)
        }
        await #expect(throws: MQTTError.self) { try await client.run() }
    }
}
