import Foundation
import Synchronization
import Testing

@testable import MQTTClient

/// The bound between libmosquitto's loop thread and the reader of `messages`: the gate alone (threads stand in
/// for the loop thread), then a client on a real broker whose reader falls behind.
@Suite(.timeLimit(.minutes(2)))
struct MQTTReceiveGateTests {
    /// Runs `admit` on a thread of its own, as the loop thread does, and returns its answer when it has one.
    private static func admitOnThread(_ gate: MQTTReceiveGate, qos: MQTTQoS) async -> MQTTReceiveGate.Admission {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: gate.admit(qos: qos)) }.start()
        }
    }

    @Test func queuesUpToTheCapacityThenDropsQoS0AndCountsIt() {
        let gate = MQTTReceiveGate(capacity: 3, maximumWait: .seconds(60))
        #expect((0..<3).map { _ in gate.admit(qos: .atMostOnce) } == [.queued, .queued, .queued])
        #expect(gate.admit(qos: .atMostOnce) == .dropped)
        #expect(gate.admit(qos: .atMostOnce) == .dropped)
        #expect(gate.statistics == MQTTReceiveStatistics(buffered: 3, dropped: 2, overLimit: 0))
        gate.taken()
        #expect(gate.admit(qos: .atMostOnce) == .queued)
        #expect(gate.statistics == MQTTReceiveStatistics(buffered: 3, dropped: 2, overLimit: 0))
    }

    @Test func aQoS1MessageOnAFullGateWaitsForTheReaderAndIsQueued() async {
        let gate = MQTTReceiveGate(capacity: 2, maximumWait: .seconds(60))
        #expect(gate.admit(qos: .atLeastOnce) == .queued)
        #expect(gate.admit(qos: .atLeastOnce) == .queued)
        async let admission = Self.admitOnThread(gate, qos: .atLeastOnce)
        // Whether or not the thread is already waiting, taking one message makes room for it.
        gate.taken()
        #expect(await admission == .queued)
        #expect(gate.statistics == MQTTReceiveStatistics(buffered: 2, dropped: 0, overLimit: 0))
    }

    @Test func aReaderThatTakesNothingStopsTheWaitingAfterOneMaximumWait() async {
        let gate = MQTTReceiveGate(capacity: 1, maximumWait: .milliseconds(20))
        #expect(gate.admit(qos: .atLeastOnce) == .queued)
        // Nobody takes: the first QoS 1 message waits out maximumWait, is queued over the limit, and the ones
        // after it are queued over the limit without waiting; QoS 0 is still dropped.
        #expect(await Self.admitOnThread(gate, qos: .atLeastOnce) == .queuedOverLimit)
        #expect(gate.admit(qos: .atLeastOnce) == .queuedOverLimit)
        #expect(gate.admit(qos: .atMostOnce) == .dropped)
        #expect(gate.statistics == MQTTReceiveStatistics(buffered: 3, dropped: 1, overLimit: 2))
        // Once the reader takes again, a full gate holds QoS 1 messages again until there is room.
        gate.taken()
        gate.taken()
        gate.taken()
        #expect(gate.admit(qos: .atLeastOnce) == .queued)
        let patient = MQTTReceiveGate(capacity: 1, maximumWait: .seconds(60))
        #expect(patient.admit(qos: .atLeastOnce) == .queued)
        async let admission = Self.admitOnThread(patient, qos: .atLeastOnce)
        patient.taken()
        #expect(await admission == .queued)
    }

    @Test func aSlowReaderOnARealBrokerLosesNoQoS1MessageAndGetsThemInOrder() async throws {
        let url = try sharedBrokerURL()
        let topic = uniqueName("gate-qos1")
        let count = 200
        try await withRunningClient(
            try makeClient(url: url) {
                $0.receiveBufferCapacity = 5
                $0.receiveBufferMaximumWait = .seconds(5)
            }
        ) { subscriber in
            try await subscriber.subscribe([topic: .atLeastOnce])
            try await withRunningClient(try makeClient(url: url)) { publisher in
                for index in 0..<count {
                    try await publisher.publish(topic: topic, payload: Array("\(index)".utf8), qos: .atLeastOnce)
                }
            }
            // Only now does the reader start: the gate held the loop thread, the broker kept the rest.
            #expect(subscriber.receiveStatistics.buffered <= 5)
            var received: [String] = []
            for await message in subscriber.messages {
                received.append(String(decoding: message.payload, as: UTF8.self))
                if received.count == count { break }
            }
            #expect(received == (0..<count).map { "\($0)" })
            #expect(subscriber.receiveStatistics.dropped == 0)
        }
    }

    @Test func aSlowReaderOnARealBrokerLosesQoS0MessagesAndCountsThem() async throws {
        let url = try sharedBrokerURL()
        let topic = uniqueName("gate-qos0")
        let count = 50
        try await withRunningClient(try makeClient(url: url) { $0.receiveBufferCapacity = 5 }) { subscriber in
            try await subscriber.subscribe([topic: .atMostOnce])
            try await withRunningClient(try makeClient(url: url)) { publisher in
                for index in 0..<count {
                    try await publisher.publish(topic: topic, payload: Array("\(index)".utf8), qos: .atMostOnce)
                }
                // A QoS 1 marker on the same subscription (delivered at QoS 0) shows when all have arrived.
                try await publisher.publish(topic: topic, payload: Array("end".utf8), qos: .atLeastOnce)
            }
            let deadline = ContinuousClock.now + .seconds(60)
            while subscriber.receiveStatistics.buffered + subscriber.receiveStatistics.dropped < count + 1,
                ContinuousClock.now < deadline
            {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(
                subscriber.receiveStatistics == MQTTReceiveStatistics(buffered: 5, dropped: count + 1 - 5, overLimit: 0)
            )
            var received: [String] = []
            var messages = subscriber.messages.makeAsyncIterator()
            for _ in 0..<5 {
                if let message = await messages.next() {
                    received.append(String(decoding: message.payload, as: UTF8.self))
                }
            }
            // The first five were kept; the rest were dropped, not reordered.
            #expect(received == ["0", "1", "2", "3", "4"])
        }
    }
}
