/// What a failed publish means for the command, independent of the MQTT library's error type.
public enum PublishFailure: Sendable, Hashable {
    /// Nothing reached the broker (not connected, client stopping): publishing again later is safe.
    case nothingSent
    /// The connection dropped before the broker's acknowledgement: the message may still arrive (the MQTT client
    /// retransmits it after reconnecting), so it must never be published again.
    case outcomeUnknown
    /// The broker refused the message (an MQTT 5 PUBACK reason code of 0x80 or above, e.g. 0x87 not authorized),
    /// or the client rejected it before sending (a payload too large): sending it again cannot help.
    case rejected(String)
}
