import Foundation
import Logging
import MQTTClient
import ServiceLifecycle
import Shared
import Synchronization
import TestSupport
import Testing

@testable import DJIBridge

/// A clock tests move by hand.
final class TestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date()) { current = Mutex(start) }

    var now: Date { current.withLock { $0 } }

    func advance(by seconds: TimeInterval) { current.withLock { $0 += seconds } }
}

/// Every message the test's dock client received.
final class ReplyLog: Sendable {
    private let messages = Mutex<[(topic: String, message: JSONValue)]>([])

    func append(topic: String, message: JSONValue) { messages.withLock { $0.append((topic, message)) } }

    var all: [(topic: String, message: JSONValue)] { messages.withLock { $0 } }
}

/// A bridge on a database of its own and the test broker, with a "dock" client that publishes what a dock
/// sends and records every reply the bridge sends back.
struct BridgeHarness {
    /// A broker of its own: every bridge subscribes to every dock's topics, so bridges of tests running in
    /// parallel on one broker would all answer each other's messages.
    let broker: TestBroker
    let database: TestDatabase
    let configuration: BridgeConfiguration
    let clock = TestClock()
    let capture = LogCapture()
    let dock: MQTTClient
    let replyLog = ReplyLog()

    static func make(name: String) async throws -> BridgeHarness {
        let database = try await TestDatabase.migrated()
        let broker = try TestBroker()
        try await broker.start()
        let suffix = UUID().uuidString.prefix(8)
        var configuration = BridgeConfiguration(
            databaseURL: database.url,
            mqtt: try MQTTConfiguration(url: broker.url, clientID: "bridge-\(name)-\(suffix)")
        )
        configuration.httpPort = 0
        configuration.flushInterval = .milliseconds(50)
        let dock = try MQTTClient(
            configuration: try MQTTConfiguration(url: broker.url, clientID: "dock-\(name)-\(suffix)"),
            logger: Logger(label: "dock")
        )
        return BridgeHarness(broker: broker, database: database, configuration: configuration, dock: dock)
    }

    /// Runs the bridge and the dock client while `body` runs, then shuts both down.
    func run(_ body: @Sendable (BridgeHarness) async throws -> Void) async throws {
        let clock = self.clock
        let group = try await buildBridge(
            configuration: configuration,
            logger: capture.logger(level: .debug),
            now: { clock.now }
        )
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            tasks.addTask { try await dock.run() }
            tasks.addTask {
                for await message in dock.messages {
                    guard let json = JSONValue(parsing: message.payload) else { continue }
                    replyLog.append(topic: message.topic, message: json)
                }
            }
            let subscribed = await capture.waitFor { $0.message == "subscribed to DJI uplink topics" }
            try #require(subscribed != nil)
            try await dock.waitUntilConnected(timeout: .seconds(10))
            try await dock.subscribe([
                "sys/product/+/status_reply": .atLeastOnce, "thing/product/+/events_reply": .atLeastOnce,
                "thing/product/+/state_reply": .atLeastOnce, "thing/product/+/requests_reply": .atLeastOnce,
            ])
            do {
                try await body(self)
            } catch {
                await group.triggerGracefulShutdown()
                tasks.cancelAll()
                throw error
            }
            await group.triggerGracefulShutdown()
            tasks.cancelAll()
        }
    }

    /// Drops the database and removes the broker.
    func tearDown() async throws {
        await broker.remove()
        try await database.drop()
    }

    func publish(_ topic: String, _ payload: [UInt8]) async throws {
        try await dock.publish(topic: topic, payload: payload, qos: .atLeastOnce)
    }

    func publish(_ topic: String, _ message: JSONValue) async throws {
        try await publish(topic, Array(message.jsonData))
    }

    /// Replies received so far whose tid is `tid`.
    func replies(tid: String) -> [(topic: String, message: JSONValue)] {
        replyLog.all.filter { $0.message["tid"]?.stringValue == tid }
    }

    /// Polls the database (bounded) until `query`'s first row satisfies `condition`.
    func eventually<T>(
        timeout: Duration = .seconds(15),
        _ read: (PostgresConnection) async throws -> T,
        until condition: (T) -> Bool
    ) async throws -> T {
        try await database.withConnection { connection in
            let deadline = ContinuousClock.now + timeout
            var value = try await read(connection)
            while !condition(value) && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(25))
                value = try await read(connection)
            }
            return value
        }
    }

    /// Waits until `count` replies with `tid` arrived (or the timeout), then returns them.
    func awaitReplies(tid: String, count: Int = 1, timeout: Duration = .seconds(10)) async throws
        -> [(topic: String, message: JSONValue)]
    {
        let deadline = ContinuousClock.now + timeout
        while replies(tid: tid).count < count && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        return replies(tid: tid)
    }
}

extension JSONValue {
    static func message(
        tid: String = UUID().uuidString.lowercased(),
        bid: String = UUID().uuidString.lowercased(),
        method: String? = nil,
        gateway: String? = nil,
        needReply: Bool? = nil,
        data: JSONValue
    ) -> JSONValue {
        var object: [String: JSONValue] = [
            "tid": .string(tid), "bid": .string(bid), "timestamp": .integer(Int64(Date().timeIntervalSince1970 * 1000)),
            "data": data,
        ]
        if let method { object["method"] = .string(method) }
        if let gateway { object["gateway"] = .string(gateway) }
        if let needReply { object["need_reply"] = .integer(needReply ? 1 : 0) }
        return .object(object)
    }

    /// `update_topo` of a gateway with its sub-devices (reference §8).
    static func updateTopo(
        tid: String = UUID().uuidString.lowercased(),
        domain: Int = 3,
        type: Int,
        subDevices: [(sn: String, type: Int, subType: Int)]
    ) -> JSONValue {
        .message(
            tid: tid,
            method: "update_topo",
            data: .object([
                "domain": .string("\(domain)"), "type": .integer(Int64(type)), "sub_type": .integer(0),
                "device_secret": .string("secret"), "nonce": .string("nonce"), "thing_version": .string("1.2.0"),
                "sub_devices": .array(
                    subDevices.map { device in
                        .object([
                            "sn": .string(device.sn), "domain": .string("0"), "type": .integer(Int64(device.type)),
                            "sub_type": .integer(Int64(device.subType)), "index": .string("A"),
                            "device_secret": .string("secret"), "nonce": .string("nonce"),
                            "thing_version": .string("1.2.0"),
                        ])
                    }
                ),
            ])
        )
    }
}
