import Foundation
import Logging
import MQTTClient
import Shared
import Synchronization

/// A DJI dock on a real broker, speaking the Cloud API's `services` protocol (reference §3, §4): it subscribes to
/// `thing/product/{sn}/services`, answers every call on `services_reply` echoing `tid`, `bid` and `method`, and
/// reports the progress of long-running methods as events carrying the command's `bid` (or `flight_id`), as a
/// real Dock 2 or Dock 3 does. How it answers is chosen per method (`Behaviour`), and it counts the calls it
/// received by `tid`, so a test can tell that a command was published exactly once. It also sends what a dock
/// sends by itself — requests (binding), state changes and events — and waits, bounded, for the cloud's replies.
public final class SimulatedDock: Sendable {
    struct State {
        var behaviours: [String: Behaviour] = [:]
        var log = CallLog()
        var eventTimestamp: Int64 = 0
        var statistics = Statistics()
    }

    public let sn: String
    public let model: DockModel
    /// The paired aircraft, whose `state_reply` and `events_reply` topics the dock listens on too.
    public let aircraftSN: String?
    let client: MQTTClient
    let logger: Logger
    let state = Mutex(State())
    let waiters = ReplyWaiters()
    private let defaultBehaviour: Behaviour

    public init(
        sn: String, model: DockModel, aircraftSN: String? = nil, mqttURL: String,
        defaultBehaviour: Behaviour = .succeed,
        logger: Logger = Logger(label: "simulated-dock")
    ) throws {
        self.sn = sn
        self.model = model
        self.aircraftSN = aircraftSN
        self.defaultBehaviour = defaultBehaviour
        self.logger = logger
        // Docks connect with their SN as client id (reference §1, inferred); a suffix keeps test runs apart.
        var configuration = try MQTTConfiguration(url: mqttURL, clientID: "\(sn)-\(UUID().uuidString.prefix(6))")
        configuration.protocolVersion = .v5
        client = try MQTTClient(configuration: configuration, logger: logger)
    }

    public var servicesTopic: String { DJITopic(sn: sn, kind: .services).description }

    /// Answers `method` with `behaviour` from now on.
    public func answer(_ method: String, with behaviour: Behaviour) {
        state.withLock { $0.behaviours[method] = behaviour }
    }

    /// How many `services` messages carried `tid`, among the last 4096 `tid`s the dock heard.
    public func callCount(tid: String) -> Int {
        state.withLock { $0.log.received[tid] ?? 0 }
    }

    /// The `services` messages received, by `tid` (`""` for a message without one), for the last 4096 `tid`s.
    public var callCounts: [String: Int] { state.withLock { $0.log.received } }

    /// The last 64 calls received, in arrival order.
    public var calls: [DJIEnvelope] { state.withLock { $0.log.recentCalls } }

    /// How many calls were answered since the dock started (each `tid` once, however often it was answered).
    public var answeredCount: Int { state.withLock { $0.log.totalAnswered } }

    /// When the (first) answer to `tid` was handed to the broker, for the last 4096 `tid`s.
    public func replyInstant(tid: String) -> ContinuousClock.Instant? {
        state.withLock { $0.log.replied[tid] }
    }

    /// What the dock sent and received so far.
    public var statistics: Statistics {
        state.withLock { state in
            var statistics = state.statistics
            statistics.callsReceived = state.log.totalCalls
            statistics.callsAnswered = state.log.totalAnswered
            return statistics
        }
    }

    /// Connects, subscribes to its `services` topic and to the cloud's replies to what it sends (its own and its
    /// aircraft's), runs `body`, and disconnects.
    public func withRunning<T>(_ body: () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.client.run() }
            group.addTask { await self.serve() }
            do {
                try await client.waitUntilConnected(timeout: .seconds(20))
                var filters: [String: MQTTQoS] = [servicesTopic: .atLeastOnce]
                for device in [sn] + (aircraftSN.map { [$0] } ?? []) {
                    for kind in [DJITopic.Kind.requestsReply, .stateReply, .eventsReply] {
                        filters[DJITopic(sn: device, kind: kind).description] = .atLeastOnce
                    }
                }
                try await client.subscribe(filters)
                let result = try await body()
                group.cancelAll()
                return result
            } catch {
                group.cancelAll()
                throw error
            }
        }
    }

    /// Reports the dock's topology (`update_topo` on `sys/product/{sn}/status`, reference §8), with an aircraft
    /// when given. Only while running.
    public func reportTopology(aircraft: (sn: String, modelKey: String)?) async throws {
        let parts = model.modelKey.split(separator: "-").map(String.init)
        var subDevices: [JSONValue] = []
        if let aircraft {
            let keys = aircraft.modelKey.split(separator: "-").compactMap { Int64($0) }
            subDevices.append(
                .object([
                    "sn": .string(aircraft.sn), "domain": .string(keys.first.map(String.init) ?? "0"),
                    "type": .integer(keys.dropFirst().first ?? 0), "sub_type": .integer(keys.dropFirst(2).first ?? 0),
                    "index": .string("A"), "thing_version": .string("1.2.0"),
                ]))
        }
        let message: JSONValue = .object([
            "tid": .string(UUID().uuidString.lowercased()), "bid": .string(UUID().uuidString.lowercased()),
            "timestamp": .integer(Self.milliseconds()), "method": .string("update_topo"),
            "data": .object([
                "domain": .string(parts[0]), "type": .integer(Int64(parts[1]) ?? 0),
                "sub_type": .integer(Int64(parts[2]) ?? 0), "thing_version": .string("1.3.0"),
                "sub_devices": .array(subDevices),
            ]),
        ])
        try await client.publish(
            topic: DJITopic(sn: sn, kind: .status).description, payload: DJIReply.bytes(message), qos: .atLeastOnce)
    }

    /// Publishes one `osd` message (reference §9) with `data`: a dock's own (`deviceSN` nil) or its aircraft's,
    /// which travels on the aircraft's topic with `gateway` set to the dock. A real dock splits its properties
    /// across several such partial messages per 2 s cycle, so callers send subsets. At most once: telemetry is
    /// periodic, and a lost message is replaced by the next one. Only while running.
    public func reportOSD(_ data: [String: JSONValue], deviceSN: String? = nil) async throws {
        let message: JSONValue = .object([
            "tid": .string(UUID().uuidString.lowercased()), "bid": .string(UUID().uuidString.lowercased()),
            "timestamp": .integer(Self.milliseconds()), "gateway": .string(sn), "data": .object(data),
        ])
        try await client.publish(
            topic: DJITopic(sn: deviceSN ?? sn, kind: .osd).description, payload: DJIReply.bytes(message),
            qos: .atMostOnce)
    }

    private func serve() async {
        await withDiscardingTaskGroup { group in
            for await message in client.messages {
                group.addTask { await self.handle(message) }
            }
        }
    }

    private func handle(_ message: MQTTMessage) async {
        guard let topic = DJITopic(message.topic) else { return }
        guard topic.kind == .services else {
            // A reply of the cloud to a request, state or event this dock sent.
            if let reply = JSONValue(parsing: message.payload), let tid = reply["tid"]?.stringValue {
                waiters.deliver(reply, tid: tid)
            }
            return
        }
        guard let call = try? DJIEnvelope(decoding: message.payload) else {
            state.withLock { $0.log.receive(nil) }
            return
        }
        let behaviour = state.withLock { state in
            state.log.receive(call)
            return call.method.flatMap { state.behaviours[$0] } ?? defaultBehaviour
        }
        do {
            try await perform(behaviour, for: call, method: call.method ?? "")
        } catch {
            logger.warning("the simulated dock could not answer", metadata: ["error": "\(error)"])
        }
    }

    private func perform(_ behaviour: Behaviour, for call: DJIEnvelope, method: String) async throws {
        switch behaviour {
        case .succeed(let output):
            var data: [String: JSONValue] = ["result": .integer(0)]
            data["output"] = output
            try await reply(to: call, method: method, data: .object(data))
        case .fail(let result, let extra):
            try await reply(to: call, method: method, data: .object(extra.merging(["result": .integer(result)]) { $1 }))
        case .late(let delay, let behaviour):
            try await Task.sleep(for: delay)
            try await perform(behaviour, for: call, method: method)
        case .silent:
            return
        case .wrongMethod(let other, let behaviour):
            try await perform(behaviour, for: call, method: other)
        case .twice(let behaviour):
            try await perform(behaviour, for: call, method: method)
            try await perform(behaviour, for: call, method: method)
        case .progress(let steps):
            try await reply(
                to: call, method: method,
                data: .object(["result": .integer(0), "output": .object(["status": .string("in_progress")])]))
            for step in steps {
                try await reportProgress(step, of: call, method: method)
            }
        }
    }

    private func reply(to call: DJIEnvelope, method: String, data: JSONValue) async throws {
        var message: [String: JSONValue] = [
            "timestamp": .integer(Self.milliseconds()), "method": .string(method), "gateway": .string(sn),
            "data": data,
        ]
        message["tid"] = call.tid.map(JSONValue.string)
        message["bid"] = call.bid.map(JSONValue.string)
        try await client.publish(
            topic: DJITopic(sn: sn, kind: .servicesReply).description, payload: DJIReply.bytes(.object(message)),
            qos: .atLeastOnce)
        let now = ContinuousClock.now
        if let tid = call.tid { state.withLock { $0.log.answer(tid, at: now) } }
    }

    /// A progress event as reference §4.2 shows it: the job's event method, the command's `bid` (a flight task's
    /// `flight_id`), `need_reply: 1`, and `data.output` with `status` and `progress`.
    private func reportProgress(_ step: ProgressStep, of call: DJIEnvelope, method: String) async throws {
        let entry = CommandCatalog.entry(method)
        let bid: String? =
            if let field = entry?.progressMatchField { call.data[field]?.stringValue } else { call.bid }
        let timestamp = nextEventTimestamp()
        var message: [String: JSONValue] = [
            "tid": .string(UUID().uuidString.lowercased()), "timestamp": .integer(timestamp),
            "method": .string(entry?.progressEventMethods.first ?? method), "gateway": .string(sn),
            "need_reply": .integer(1),
            "data": .object([
                "result": .integer(0),
                "output": .object([
                    "status": .string(step.status),
                    "progress": .object(["percent": .integer(Int64(step.percent)), "step_key": .string(step.step)]),
                ]),
            ]),
        ]
        message["bid"] = bid.map(JSONValue.string)
        try await client.publish(
            topic: DJITopic(sn: sn, kind: .events).description, payload: DJIReply.bytes(.object(message)),
            qos: .atLeastOnce)
    }

    /// A timestamp for an event, strictly increasing, as a device's clock is between two events it sends.
    func nextEventTimestamp() -> Int64 {
        state.withLock { state in
            state.eventTimestamp = max(state.eventTimestamp + 1, Self.milliseconds())
            return state.eventTimestamp
        }
    }

    static func milliseconds() -> Int64 {
        Int64(Date().timeIntervalSince1970 * 1000)
    }
}
