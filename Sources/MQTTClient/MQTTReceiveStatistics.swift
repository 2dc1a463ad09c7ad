/// What the bounded receive buffer of an ``MQTTClient`` did so far (see ``MQTTConfiguration/receiveBuffer``).
public struct MQTTReceiveStatistics: Sendable, Hashable {
    /// Messages received and not yet taken from ``MQTTClient/messages``.
    public var buffered: Int
    /// QoS 0 messages dropped because the buffer was full.
    public var dropped: Int
    /// QoS 1 messages queued over the limit because the reader took nothing for the buffer's maximum wait.
    public var overLimit: Int

    public init(buffered: Int, dropped: Int, overLimit: Int) {
        self.buffered = buffered
        self.dropped = dropped
        self.overLimit = overLimit
    }
}
