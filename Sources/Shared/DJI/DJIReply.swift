/// Replies the cloud sends to device messages: `status_reply`, `state_reply`, `events_reply`, `requests_reply`
/// (reference §3 "Rules for building a reply", §6, §7, §8).
///
/// A reply echoes the request's `tid`, `bid` and `method` and carries the cloud's own `timestamp` (it is not
/// echoed). A field the request did not have is left out rather than sent empty: `state` messages have no
/// `method`, and DJI's `state_reply` example has none either.
public enum DJIReply {
    /// The full reply envelope with the given `data`.
    public static func reply(to request: DJIEnvelope, data: JSONValue, now: Int64) -> JSONValue {
        var object: [String: JSONValue] = ["timestamp": .integer(now), "data": data]
        object["tid"] = request.tid.map(JSONValue.string)
        object["bid"] = request.bid.map(JSONValue.string)
        object["method"] = request.method.map(JSONValue.string)
        return .object(object)
    }

    /// The plain acknowledgement `{"result": 0}` used for `status`, `state` and `events`.
    public static func resultOK(to request: DJIEnvelope, now: Int64) -> JSONValue {
        reply(to: request, data: .object(["result": .integer(0)]), now: now)
    }

    /// Serialized bytes for publishing (compact JSON, sorted keys).
    public static func bytes(_ message: JSONValue) -> [UInt8] {
        Array(message.jsonData)
    }
}
