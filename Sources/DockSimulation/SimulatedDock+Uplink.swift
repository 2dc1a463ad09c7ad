import Foundation
import Logging
import MQTTClient
import Shared
import Synchronization

/// What a dock sends by itself and the cloud answers: requests (reference §6), state changes (§9) and events (§7).
extension SimulatedDock {
    /// Sends `method` on `thing/product/{sn}/requests` and returns the `data` of the cloud's `requests_reply`, or
    /// nil when none came. A dock that hears nothing asks again with the same `tid` (the cloud answers a repeat
    /// again), up to `attempts` times, waiting `timeout` each time. Only while running.
    public func request(_ method: String, data: JSONValue, timeout: Duration = .seconds(10), attempts: Int = 3)
        async throws -> JSONValue?
    {
        let tid = UUID().uuidString.lowercased()
        let message: JSONValue = .object([
            "tid": .string(tid), "bid": .string(UUID().uuidString.lowercased()),
            "timestamp": .integer(Self.milliseconds()), "method": .string(method), "gateway": .string(sn),
            "data": data,
        ])
        for _ in 0..<max(attempts, 1) {
            waiters.register(tid)
            do {
                try await client.publish(
                    topic: DJITopic(sn: sn, kind: .requests).description, payload: DJIReply.bytes(message),
                    qos: .atLeastOnce)
            } catch {
                waiters.forget(tid)
                throw error
            }
            if let reply = await waiters.wait(tid, timeout: timeout) {
                state.withLock { $0.statistics.requestsAnswered += 1 }
                return reply["data"] ?? .null
            }
            try Task.checkCancellation()
        }
        state.withLock { $0.statistics.requestsUnanswered += 1 }
        logger.warning(
            "the cloud did not answer a request", metadata: ["dji.method": "\(method)", "dji.tid": "\(tid)"])
        return nil
    }

    /// Publishes a `state` message (reference §9: sent when a value changes) for the dock (`deviceSN` nil) or its
    /// aircraft, with `gateway` set to the dock. With `needReply` (as the aircraft's state through a Dock 3 asks)
    /// it waits up to `timeout` for the `state_reply` echoing its `tid` and returns whether it came; without,
    /// it returns false at once. Only while running.
    @discardableResult
    public func reportState(
        _ data: [String: JSONValue], deviceSN: String? = nil, needReply: Bool = true, timeout: Duration = .seconds(10)
    ) async throws -> Bool {
        let tid = try await publish(
            kind: .state, method: nil, data: .object(data), deviceSN: deviceSN, needReply: needReply)
        state.withLock { $0.statistics.stateSent += 1 }
        let replied = await replied(to: tid, timeout: timeout)
        if replied { state.withLock { $0.statistics.stateReplied += 1 } }
        return replied
    }

    /// Publishes an event (`method` with `data`) on the dock's or its aircraft's `events` topic; with `needReply`
    /// waits up to `timeout` for the `events_reply` and returns whether it came. Only while running.
    @discardableResult
    public func reportEvent(
        _ method: String, data: JSONValue, deviceSN: String? = nil, needReply: Bool = false,
        timeout: Duration = .seconds(10)
    ) async throws -> Bool {
        let tid = try await publish(kind: .events, method: method, data: data, deviceSN: deviceSN, needReply: needReply)
        state.withLock { $0.statistics.eventsSent += 1 }
        let replied = await replied(to: tid, timeout: timeout)
        if replied { state.withLock { $0.statistics.eventsReplied += 1 } }
        return replied
    }

    /// Publishes one message the cloud may answer; returns its `tid` when it asks for a reply (the waiter for it
    /// is registered before the message leaves, so an early reply is not lost).
    private func publish(kind: DJITopic.Kind, method: String?, data: JSONValue, deviceSN: String?, needReply: Bool)
        async throws -> String?
    {
        let tid = UUID().uuidString.lowercased()
        var message: [String: JSONValue] = [
            "tid": .string(tid), "bid": .string(UUID().uuidString.lowercased()),
            "timestamp": .integer(nextEventTimestamp()), "gateway": .string(sn), "data": data,
        ]
        message["method"] = method.map(JSONValue.string)
        if needReply {
            message["need_reply"] = .integer(1)
            waiters.register(tid)
        }
        do {
            try await client.publish(
                topic: DJITopic(sn: deviceSN ?? sn, kind: kind).description, payload: DJIReply.bytes(.object(message)),
                qos: .atLeastOnce)
        } catch {
            if needReply { waiters.forget(tid) }
            throw error
        }
        return needReply ? tid : nil
    }

    /// Whether the reply to `tid` came within `timeout`; false without a `tid` (no reply was asked for).
    private func replied(to tid: String?, timeout: Duration) async -> Bool {
        guard let tid else { return false }
        return await waiters.wait(tid, timeout: timeout) != nil
    }
}
