import Foundation
import Logging
import MQTTClient
import Metrics
import ServiceLifecycle
import Shared
import Synchronization

/// Answers and stores what docks ask for (API.md §4): every `requests` message, and the `update_topo` the
/// router already answered.
///
/// For each request it looks up the device's tenant and the tenant's override, lets `RequestRoutingPolicy`
/// decide, and then either answers at once on `requests_reply` and stores the request `AUTO_REPLIED`, or stores
/// it `PENDING` for an integrator. It answers before it stores, so a dock never waits for a write; only the
/// binding methods read and write the database before answering, because their answer is the binding.
///
/// A store that fails is kept and written again every `retryInterval` (and at shutdown), like the
/// `IngestWriter`'s batches: the request row is idempotent on the id chosen at arrival.
struct RequestHandler: Service {
    let inbox: RequestInbox
    let pool: PostgresPool
    let mqtt: MQTTClient
    let configuration: RequestReplyConfiguration
    var retryInterval: Duration = .seconds(1)
    let logger: Logger
    let now: @Sendable () -> Date
    /// With `BROKER_DOCK_ACCOUNTS=dynamic-security`: told which devices each dock reports and binds, so their
    /// topics join the dock's broker role.
    let dockAccess: DockAccessInbox?
    private let unsaved = UnsavedRequests()

    init(
        inbox: RequestInbox,
        pool: PostgresPool,
        mqtt: MQTTClient,
        configuration: RequestReplyConfiguration,
        dockAccess: DockAccessInbox? = nil,
        logger: Logger,
        now: @escaping @Sendable () -> Date
    ) {
        self.dockAccess = dockAccess
        self.inbox = inbox
        self.pool = pool
        self.mqtt = mqtt
        self.configuration = configuration
        self.logger = logger
        self.now = now
    }

    private var policy: RequestRoutingPolicy { RequestRoutingPolicy(configuration) }
    private var binder: DockBinder { DockBinder(pool: pool, now: now) }

    func run() async throws {
        await withDiscardingTaskGroup { group in
            group.addTask {
                while !Task.isCancelled && !Task.isShuttingDownGracefully {
                    try? await cancelWhenGracefulShutdown { try await Task.sleep(for: retryInterval) }
                    await saveUnsaved()
                }
            }
            for await _ in inbox.wakeups.cancelOnGracefulShutdown() {
                for item in inbox.drain() { await handle(item) }
            }
            group.cancelAll()
        }
        // The router shuts down before this service: what it handed over last is still answered and stored.
        for item in inbox.drain() { await handle(item) }
        await saveUnsaved()
    }

    func handle(_ item: RequestInbox.Item) async {
        switch item.kind {
        case .topologyUpdate(let reply):
            guard !item.repeated else { return }
            if let dockAccess, let topology = DJITopology(gatewaySN: item.topic.sn, envelope: item.envelope) {
                dockAccess.cover(topology.subDevices.map(\.sn), forDock: item.topic.sn)
            }
            await store(
                item,
                requestType: item.envelope.method ?? DeviceRequestMethod.updateTopo.rawValue,
                decision: .autoReply,
                reply: reply,
                message: reply == nil ? "the status reply could not be published" : "answered by the platform"
            )
        case .request:
            await answer(item)
        }
    }

    private func answer(_ item: RequestInbox.Item) async {
        let method = item.envelope.method ?? "unknown"
        let override = await tenantOverride(deviceSN: item.topic.sn, method: method)
        var decision = policy.decision(for: method, override: override)
        var answer: AutoAnswer?
        if decision == .autoReply, let known = DeviceRequestMethod(rawValue: method) {
            answer = await autoAnswer(known, item: item)
        }
        guard let answer else {
            decision = .manualReplyRequired
            guard !item.repeated else { return }
            await store(item, requestType: method, decision: decision, reply: nil, message: "awaiting cloud decision")
            return
        }
        let published = await publish(answer.data, answering: item)
        if method == DeviceRequestMethod.airportOrganizationBind.rawValue, let dockAccess {
            // The keeper checks the binding's outcome in the database: it covers what is now this tenant's.
            dockAccess.cover(DockBinding.bindDevices(from: item.envelope.data).map(\.sn), forDock: item.topic.sn)
        }
        guard !item.repeated else { return }
        await store(
            item, requestType: method, decision: decision, reply: published,
            message: published == nil ? "the reply could not be published" : answer.message)
    }

    /// The platform's answer for a method the policy let it answer; nil when it has none after all.
    private func autoAnswer(_ method: DeviceRequestMethod, item: RequestInbox.Item) async -> AutoAnswer? {
        switch method {
        case .config:
            return configuration.app.map { app in
                AutoAnswer(
                    data: PlatformReplies.config(
                        app: app, ntpServerHost: configuration.ntpServerHost, ntpServerPort: configuration.ntpServerPort
                    ),
                    message: "the platform's DJI app credentials and NTP server"
                )
            }
        case .flightAreasGet:
            return AutoAnswer(data: PlatformReplies.flightAreas, message: "no custom flight areas")
        case .offlineMapGet:
            return AutoAnswer(data: PlatformReplies.offlineMap, message: "offline maps are off")
        case .storageConfigGet:
            return configuration.storage.map { storage in
                AutoAnswer(
                    data: PlatformReplies.storage(storage, deviceSN: item.topic.sn),
                    message: "the platform's object storage (\(storage.bucket))"
                )
            }
        case .airportBindStatus, .airportOrganizationGet, .airportOrganizationBind:
            let gatewaySN = item.envelope.gateway ?? item.topic.sn
            do {
                return try await binder.answer(method, data: item.envelope.data, gatewaySN: gatewaySN)
            } catch {
                logger.warning(
                    "cannot answer a binding request from the database",
                    metadata: ["dji.gateway": "\(gatewaySN)", "dji.method": "\(method.rawValue)", "error": "\(error)"]
                )
                return DockBinder.unavailable(method, data: item.envelope.data)
            }
        case .flighttaskResourceGet, .flighttaskProgressGet, .updateTopo:
            return nil
        }
    }

    /// The tenant's override of `method` for the device; nil when there is none or the database cannot say,
    /// in which case the platform default applies and the dock is still answered.
    private func tenantOverride(deviceSN: String, method: String) async -> RoutingDecision? {
        do {
            let row = try await pool.query(DeviceRequestQueries.routingContext(deviceSN: deviceSN, requestType: method))
                .first
            return try row?.decode(String?.self, column: "decision").flatMap(RoutingDecision.init(rawValue:))
        } catch {
            logger.warning(
                "cannot read the routing override; using the default",
                metadata: ["dji.sn": "\(deviceSN)", "dji.method": "\(method)", "error": "\(error)"]
            )
            return nil
        }
    }

    /// Publishes a `requests_reply` with `data`; returns the message as sent, or nil when it was not sent.
    private func publish(_ data: JSONValue, answering item: RequestInbox.Item) async -> JSONValue? {
        guard let replyTopic = item.topic.replyTopic else { return nil }
        let message = DJIReply.requestsReply(
            to: item.envelope,
            gateway: item.envelope.gateway ?? item.topic.sn,
            data: data,
            now: Int64(now().timeIntervalSince1970 * 1000)
        )
        return await ReplyPublisher(mqtt: mqtt, logger: logger).publish(message, on: replyTopic, tid: item.envelope.tid)
    }

    private func store(
        _ item: RequestInbox.Item,
        requestType: String,
        decision: RoutingDecision,
        reply: JSONValue?,
        message: String
    ) async {
        let manual = decision == .manualReplyRequired
        let request = NewDeviceRequest(
            deviceSN: item.topic.sn,
            gatewaySN: item.envelope.gateway ?? item.topic.sn,
            requestType: requestType,
            tid: item.envelope.tid,
            bid: item.envelope.bid,
            inboundPayload: item.envelope.raw,
            decision: decision,
            replyCode: manual ? .pending : RequestReplyLifecycle.autoReplied(published: reply != nil),
            replyMessage: message,
            standardizedReply: reply,
            receivedAt: item.receivedAt,
            expiresAt: manual ? item.receivedAt.addingTimeInterval(configuration.replyTimeout.seconds) : nil,
            repliedAt: reply?["timestamp"].flatMap(DJILenient.int64).map { Date(milliseconds: $0) }
        )
        Counter(label: "dockgate_bridge_requests_total", dimensions: [("decision", decision.rawValue)]).increment()
        logger.debug(
            "device request",
            metadata: [
                "dji.sn": "\(request.deviceSN)", "dji.method": "\(requestType)", "request.id": "\(request.requestID)",
                "request.decision": "\(decision.rawValue)", "request.reply_code": "\(request.replyCode.rawValue)",
            ]
        )
        do {
            try await pool.query(DeviceRequestQueries.insert(request))
        } catch {
            keepForRetry(request, after: error)
        }
    }

    /// Keeps a request whose insert failed for the next try, unless the database refused it for good: then
    /// trying again would fail forever and hold up the requests behind it.
    private func keepForRetry(_ request: NewDeviceRequest, after error: any Error) {
        guard (error as? PostgresError)?.isTransient ?? true else {
            logger.error(
                "the database refused a device request; it is not stored",
                metadata: ["request.id": "\(request.requestID)", "dji.sn": "\(request.deviceSN)", "error": "\(error)"]
            )
            return
        }
        unsaved.append(request)
        logger.warning(
            "cannot store a device request; will retry",
            metadata: ["request.id": "\(request.requestID)", "error": "\(error)"]
        )
    }

    private func saveUnsaved() async {
        let pending = unsaved.drain()
        for (index, request) in pending.enumerated() {
            do {
                try await pool.query(DeviceRequestQueries.insert(request))
            } catch {
                guard (error as? PostgresError)?.isTransient ?? true else {
                    keepForRetry(request, after: error)
                    continue
                }
                unsaved.restore(pending[index...])
                logger.warning(
                    "cannot store a device request yet; will retry",
                    metadata: ["request.id": "\(request.requestID)", "error": "\(error)"]
                )
                return
            }
        }
    }
}
