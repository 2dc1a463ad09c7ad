/// What the broker acknowledged for one message id.
enum Acknowledgement: Sendable {
    case publish(reasonCode: Int32)
    case subscribe(grantedQoS: [Int32])
    case unsubscribe
}

/// The client's bookkeeping: connection, pending acknowledgements, connection waiters, remembered
/// subscriptions. `MQTTClient` keeps it in a `Mutex`; libmosquitto's callbacks and the async API feed events
/// into it, and every event returns the continuations to resume, which the caller resumes after unlocking.
struct ClientStateMachine {
    typealias AcknowledgementWaiter = CheckedContinuation<Acknowledgement, any Error>
    typealias ConnectionWaiter = CheckedContinuation<Void, any Error>

    enum Lifecycle {
        case idle
        case running
        case stopping
        case stopped
    }

    /// Taken before a packet is handed to libmosquitto; needed to match its acknowledgement afterwards.
    struct PendingCall {
        /// The connection the packet was sent on; a later one means the packet's connection was lost.
        fileprivate var connection: UInt64
        /// Acknowledgements recorded from this sequence number on may belong to this call.
        fileprivate var firstAcknowledgement: UInt64
    }

    enum RegisterAction {
        case wait
        case resume(Acknowledgement)
        case fail
    }

    private(set) var lifecycle = Lifecycle.idle
    private(set) var connectionState = MQTTConnectionState.disconnected
    /// Why the client is not connected; cleared by ``confirmConnected(_:)``.
    private(set) var lastConnectionError: MQTTError?
    /// The filters the caller wants; sent again after every reconnect.
    private(set) var subscriptions: [String: MQTTQoS] = [:]

    /// libmosquitto reported CONNACK success and no disconnect since.
    private var linkUp = false
    /// Counts lost connections; tells a call whether its connection is still the current one.
    private var connection: UInt64 = 0
    private var waiters: [Int32: AcknowledgementWaiter] = [:]
    /// Acknowledgements that arrived before their sender registered a waiter. libmosquitto's loop thread can
    /// send a packet and read its PUBACK/SUBACK before `mosquitto_publish`/`_subscribe` has returned the
    /// message id to the calling thread, so an acknowledgement for an unknown id is kept while a call is in
    /// flight. The sequence number rejects one recorded before the call started (a leftover of a message
    /// whose waiter already gave up, e.g. a retransmission after a reconnect).
    private var earlyAcknowledgements: [Int32: (sequence: UInt64, acknowledgement: Acknowledgement)] = [:]
    private var acknowledgementSequence: UInt64 = 0
    private var callsInFlight = 0
    private var connectionWaiters: [UInt64: ConnectionWaiter] = [:]
    private var nextConnectionWaiterID: UInt64 = 0

    var pendingAcknowledgementCount: Int { waiters.count }

    // MARK: Lifecycle

    mutating func start() -> Bool {
        guard lifecycle == .idle else { return false }
        lifecycle = .running
        connectionState = .connecting
        return true
    }

    /// Stops accepting calls and returns every waiter, to be failed with a "stopped" error.
    mutating func stop() -> (acknowledgements: [AcknowledgementWaiter], connections: [ConnectionWaiter]) {
        if lifecycle == .running {
            lifecycle = .stopping
        }
        let stranded = (Array(waiters.values), Array(connectionWaiters.values))
        waiters.removeAll()
        connectionWaiters.removeAll()
        return stranded
    }

    mutating func finish() {
        lifecycle = .stopped
        linkUp = false
        connectionState = .disconnected
    }

    // MARK: Connection

    /// CONNACK with success; returns the connection number for ``confirmConnected(_:)``.
    mutating func linkEstablished() -> UInt64 {
        linkUp = true
        return connection
    }

    /// A connection closed or an attempt failed: every waiter's outcome is now unknown. Also returns
    /// whether the broker had accepted the connection.
    mutating func linkLost() -> (stranded: [AcknowledgementWaiter], wasUp: Bool) {
        let wasUp = linkUp
        linkUp = false
        connection &+= 1
        let stranded = Array(waiters.values)
        waiters.removeAll()
        return (stranded, wasUp)
    }

    mutating func recordConnectionError(_ error: MQTTError) {
        lastConnectionError = error
    }

    /// Reports `connected` once the subscriptions are back, if connection `number` is still up.
    mutating func confirmConnected(_ number: UInt64) -> [ConnectionWaiter]? {
        guard lifecycle == .running, linkUp, number == connection else { return nil }
        connectionState = .connected
        lastConnectionError = nil
        let ready = Array(connectionWaiters.values)
        connectionWaiters.removeAll()
        return ready
    }

    /// Returns whether the state changed (a run of failed reconnect attempts reports `disconnected` once).
    mutating func markDisconnected() -> Bool {
        guard connectionState != .disconnected else { return false }
        connectionState = .disconnected
        return true
    }

    // MARK: Calls and acknowledgements

    /// Checks that a packet may be handed to libmosquitto now.
    func checkConnected(_ operation: String) throws(MQTTError) {
        guard lifecycle == .running || lifecycle == .idle else { throw .stopped(operation) }
        guard linkUp else { throw .notConnected(operation) }
    }

    mutating func beginCall(_ operation: String) throws(MQTTError) -> PendingCall {
        try checkConnected(operation)
        callsInFlight += 1
        return PendingCall(connection: connection, firstAcknowledgement: acknowledgementSequence)
    }

    /// libmosquitto refused the packet, so no acknowledgement will come.
    mutating func abandonCall() {
        endCall()
    }

    /// Registers the waiter for `messageID`, unless its acknowledgement already came or its connection is gone.
    mutating func register(_ waiter: AcknowledgementWaiter, for messageID: Int32, call: PendingCall) -> RegisterAction {
        defer { endCall() }
        if let early = earlyAcknowledgements.removeValue(forKey: messageID),
            early.sequence >= call.firstAcknowledgement
        {
            return .resume(early.acknowledgement)
        }
        guard call.connection == connection, linkUp, lifecycle == .running else { return .fail }
        waiters[messageID] = waiter
        return .wait
    }

    mutating func acknowledge(_ messageID: Int32, _ acknowledgement: Acknowledgement) -> AcknowledgementWaiter? {
        if let waiter = waiters.removeValue(forKey: messageID) {
            return waiter
        }
        if callsInFlight > 0 {
            earlyAcknowledgements[messageID] = (acknowledgementSequence, acknowledgement)
            acknowledgementSequence &+= 1
        }
        return nil
    }

    mutating func cancelWaiter(for messageID: Int32) -> AcknowledgementWaiter? {
        waiters.removeValue(forKey: messageID)
    }

    private mutating func endCall() {
        callsInFlight -= 1
        if callsInFlight == 0 {
            // No call can claim them any more.
            earlyAcknowledgements.removeAll(keepingCapacity: true)
        }
    }

    // MARK: Waiting for the connection

    mutating func makeConnectionWaiterID() -> UInt64 {
        nextConnectionWaiterID &+= 1
        return nextConnectionWaiterID
    }

    /// Registers a waiter for `connected`; `false` means resume it now (connected, or stopped: see ``lifecycle``).
    mutating func addConnectionWaiter(_ waiter: ConnectionWaiter, id: UInt64) -> Bool {
        guard connectionState != .connected, lifecycle == .idle || lifecycle == .running else { return false }
        connectionWaiters[id] = waiter
        return true
    }

    mutating func removeConnectionWaiter(id: UInt64) -> ConnectionWaiter? {
        connectionWaiters.removeValue(forKey: id)
    }

    // MARK: Subscriptions

    mutating func remember(_ filters: [String: MQTTQoS]) {
        subscriptions.merge(filters) { _, new in new }
    }

    mutating func forget<Filters: Sequence<String>>(_ filters: Filters) {
        for filter in filters {
            subscriptions.removeValue(forKey: filter)
        }
    }
}
