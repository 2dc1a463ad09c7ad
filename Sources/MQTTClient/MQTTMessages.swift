/// The messages of all subscriptions, in arrival order (``MQTTClient/messages``): an `AsyncStream` whose
/// iterator tells the client's receive buffer each time the reader takes a message, so the buffer's bound counts
/// only what the reader has not taken yet.
public struct MQTTMessages: AsyncSequence, Sendable {
    public typealias Element = MQTTMessage

    let stream: AsyncStream<MQTTMessage>
    let gate: MQTTReceiveGate

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: stream.makeAsyncIterator(), gate: gate)
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: AsyncStream<MQTTMessage>.AsyncIterator
        let gate: MQTTReceiveGate

        public mutating func next() async -> MQTTMessage? {
            guard let message = await base.next() else { return nil }
            gate.taken()
            return message
        }
    }
}
