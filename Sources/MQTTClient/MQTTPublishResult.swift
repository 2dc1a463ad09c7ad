/// What the client learned about one publish.
public struct MQTTPublishResult: Sendable, Hashable {
    /// The message id libmosquitto gave the PUBLISH packet (also set for QoS 0, where nothing acknowledges it).
    public var messageID: Int32
    /// The MQTT 5 PUBACK reason code: 0 (success) or 0x10 (no matching subscribers). `nil` on MQTT 3.1.1,
    /// whose PUBACK carries no reason, and for QoS 0, which has no PUBACK. Failure codes (0x80 and up) are
    /// thrown as ``MQTTError/Kind-swift.enum/refused`` instead of being returned.
    public var reasonCode: Int?

    public init(messageID: Int32, reasonCode: Int?) {
        self.messageID = messageID
        self.reasonCode = reasonCode
    }
}
