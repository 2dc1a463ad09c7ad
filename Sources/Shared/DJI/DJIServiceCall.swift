/// A downlink `services` call (reference §4.1): `{tid, bid, timestamp, method, data}` published on
/// `thing/product/{gateway_sn}/services`. The device answers on `services_reply` with the same `tid` and `bid`.
public enum DJIServiceCall {
    /// The envelope to publish. `data` is sent as given: parameterless services should pass `.object([:])`,
    /// the shape DJI's examples and devices use (reference §3).
    public static func envelope(tid: String, bid: String, method: String, data: JSONValue, now: Int64) -> JSONValue {
        .object([
            "tid": .string(tid),
            "bid": .string(bid),
            "timestamp": .integer(now),
            "method": .string(method),
            "data": data,
        ])
    }
}
