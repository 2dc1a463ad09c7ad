import Foundation
import Logging
import MQTTClient
import ServiceLifecycle
import Shared
import Synchronization

/// Publishes accepted commands to their gateways, each at most once (API.md §3, "Bridge dispatch").
///
/// It wakes on a `downlink_commands` notification, every `scanInterval`, and after its LISTEN connection
/// (re)connects, so a lost notification delays a command by at most `scanInterval`. With
/// `DOCKGATE_NOTIFICATIONS=off` (`usesNotifications` false) it neither listens nor notifies: the scan alone finds
/// new commands, and the API's long polls re-read on their own. Each wake claims due commands
/// in batches (`DownlinkDispatchQueries.claimDue`, which commits the attempt before anything is sent), publishes
/// a batch concurrently at QoS 1 and records what the broker said, as `CommandLifecycle` decides:
/// - PUBACK → `DELIVERED`;
/// - MQTT 5 PUBACK 0x10 (no subscriber: the dock is not connected) or nothing sent → published again later;
/// - connection lost before the PUBACK → left unconfirmed, never published again (libmosquitto may still deliver
///   it after reconnecting, and a command such as `flighttask_execute` must not run twice);
/// - refused by the broker → `FAILED`.
struct DownlinkDispatcher: Service {
    let pool: PostgresPool
    let mqtt: MQTTClient
    /// For the dispatcher's own LISTEN connection: a listener's event stream has one consumer.
    let databaseURL: String
    let logger: Logger
    var scanInterval: Duration = .milliseconds(500)
    /// False with `DOCKGATE_NOTIFICATIONS=off`.
    var usesNotifications = true
    /// Commands claimed per statement.
    var batchSize = 64
    /// The shared-subscription group of the `services_reply` filter: the router's, so both name one filter.
    var shareGroup: String? = nil
    /// Claimed batches whose publishes and outcomes may be under way at once. Claiming the next batch does not
    /// wait for the previous one's PUBACKs and `DELIVERED` commit: with one batch at a time, a command accepted
    /// while a batch was out waited for that whole cycle before its claim (docs/benchmarks.md, "Command round
    /// trip": ACCEPTED→DELIVERED p50 61 ms at 300 commands/s, two thirds of it before the claim).
    var batchesInFlight = 4

    func run() async throws {
        let listener = PostgresListener(
            connectionString: databaseURL, channels: [NotificationChannel.downlinkCommands.rawValue], logger: logger)
        let (wakeUps, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        await withDiscardingTaskGroup { group in
            if usesNotifications {
                group.addTask { try? await listener.run() }
                group.addTask {
                    // Every event is a reason to look: a notification names new work, and a (re)connect means
                    // notifications may have been missed.
                    for await _ in listener.events { wake.yield() }
                }
            }
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: scanInterval)
                    wake.yield()
                }
            }
            if await subscribeToReplies() {
                let inFlight = BatchCount()
                // Its own group, so that at shutdown the batches under way finish recording their outcomes
                // before the listener and the scan are cancelled.
                await withDiscardingTaskGroup { batches in
                    for await _ in wakeUps.cancelOnGracefulShutdown() {
                        while inFlight.value < batchesInFlight, let claimed = await claimDue() {
                            inFlight.add(1)
                            batches.addTask {
                                await record(await publish(claimed))
                                inFlight.add(-1)
                                // A slot is free: look again for what arrived meanwhile.
                                wake.yield()
                            }
                            guard claimed.count == batchSize else { break }
                        }
                    }
                }
            }
            group.cancelAll()
        }
    }

    /// Subscribes to `services_reply` before the first publish, so that no reply can arrive before the bridge
    /// listens for it. `UplinkRouter` subscribes to the same filter string (same share group); subscribing twice
    /// to one filter is one subscription at the broker, so nothing is received twice. The reply may reach
    /// another bridge of the group: correlation goes by `tid` in the database, whoever published. The client
    /// re-subscribes after a reconnect before it reports being connected. Returns false when the bridge shuts
    /// down first.
    private func subscribeToReplies() async -> Bool {
        let filters = [DJITopic.uplinkFilter(.servicesReply, shareGroup: shareGroup)]
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await mqtt.waitUntilConnected(timeout: .seconds(5))
                try await mqtt.subscribe(Dictionary(uniqueKeysWithValues: filters.map { ($0, .atLeastOnce) }))
                return true
            } catch {
                logger.warning(
                    "cannot subscribe to services_reply yet; no command is published until it can",
                    metadata: ["error": "\(error)"])
            }
        }
        return false
    }

    /// Claims the next batch of due commands; nil when there is none or nothing can be published now.
    private func claimDue() async -> [ClaimedCommand]? {
        // Claiming while the broker is unreachable would only turn commands into retries.
        guard mqtt.state == .connected && !Task.isShuttingDownGracefully else { return nil }
        do {
            let claimed = try await pool.query(DownlinkDispatchQueries.claimDue(limit: batchSize))
                .map(ClaimedCommand.init(row:))
            return claimed.isEmpty ? nil : claimed
        } catch {
            logger.warning("cannot claim due commands", metadata: ["error": "\(error)"])
            return nil
        }
    }

    /// Publishes a claimed batch concurrently and returns what each outcome means.
    private func publish(_ claimed: [ClaimedCommand]) async -> [(ClaimedCommand, CommandLifecycle.PublishAction)] {
        await withTaskGroup(of: (ClaimedCommand, CommandLifecycle.PublishAction).self) { group in
            for command in claimed {
                group.addTask { (command, await publish(command)) }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
    }

    /// Publishes one claimed command and decides what its outcome means.
    private func publish(_ command: ClaimedCommand) async -> CommandLifecycle.PublishAction {
        var lifecycle = command.lifecycle
        let envelope = DJIServiceCall.envelope(
            tid: NotificationChannel.payload(command.tid), bid: NotificationChannel.payload(command.bid),
            method: command.method, data: command.wireData, now: Int64(Date().timeIntervalSince1970 * 1000))
        // The broker discards the message once the deadline has passed, so a dock that connects late never
        // executes a command the platform already reported as timed out.
        let expiry = UInt32(max(1, command.deadline.timeIntervalSince(command.claimedAt).rounded(.up)))
        let topic = DJITopic(sn: command.gatewaySN, kind: .services).description
        do {
            let result = try await mqtt.publish(
                topic: topic, payload: DJIReply.bytes(envelope), qos: .atLeastOnce, messageExpiry: expiry)
            logger.debug(
                "published command",
                metadata: metadata(command).merging(["mqtt.reason_code": "\(result.reasonCode.map(String.init) ?? "")"])
                {
                    $1
                })
            return lifecycle.published(reasonCode: result.reasonCode)
        } catch let error as MQTTError {
            let failure = Self.failure(for: error)
            logger.warning(
                "publishing a command failed",
                metadata: metadata(command).merging(["error": "\(error)", "command.publish": "\(failure)"]) { $1 })
            return lifecycle.publishFailed(failure)
        } catch {
            // Cancelled while waiting for the PUBACK: the message was handed to libmosquitto.
            return lifecycle.publishFailed(.outcomeUnknown)
        }
    }

    /// What an MQTT error says about the message: only errors that guarantee nothing was sent allow a retry.
    static func failure(for error: MQTTError) -> PublishFailure {
        switch error.kind {
        case .notConnected, .stopped: .nothingSent
        case .refused, .library: .rejected(error.message)
        case .connectionLost, .timedOut, .invalidConfiguration: .outcomeUnknown
        }
    }

    private func record(_ results: [(ClaimedCommand, CommandLifecycle.PublishAction)]) async {
        var changed: [UUID] = []
        do {
            let delivered = results.filter { $0.1 == .markDelivered }.map(\.0.id)
            if !delivered.isEmpty {
                changed += try await pool.query(DownlinkDispatchQueries.markDelivered(ids: delivered))
                    .map { try $0.decode(UUID.self, column: "id") }
            }
            for (command, action) in results {
                switch action {
                case .markDelivered, .ignore:
                    break
                case .retry(let delay):
                    try await pool.query(DownlinkDispatchQueries.retry(id: command.id, after: delay))
                case .fail(let outcome):
                    changed += try await pool.query(DownlinkDispatchQueries.fail(id: command.id, outcome: outcome))
                        .map { try $0.decode(UUID.self, column: "id") }
                case .leaveUnconfirmed:
                    logger.warning(
                        "command publish unconfirmed; it will not be published again", metadata: metadata(command))
                }
            }
        } catch {
            // The attempts stay recorded, so none of these is published again; replies still complete them.
            logger.error("cannot record publish outcomes", metadata: ["error": "\(error)"])
        }
        await StatusNotifier(pool: pool, logger: logger, enabled: usesNotifications).notify(changed)
    }

    private func metadata(_ command: ClaimedCommand) -> Logger.Metadata {
        [
            "command.id": "\(NotificationChannel.payload(command.id))", "dji.method": "\(command.method)",
            "dji.gateway": "\(command.gatewaySN)", "dji.tid": "\(NotificationChannel.payload(command.tid))",
        ]
    }
}

/// How many claimed batches are being published, shared by the claim loop and the batches' tasks.
private final class BatchCount: Sendable {
    private let count = Atomic<Int>(0)

    var value: Int { count.load(ordering: .relaxed) }

    func add(_ delta: Int) {
        count.add(delta, ordering: .relaxed)
    }
}
