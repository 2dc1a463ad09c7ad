extension DJIReply {
    /// A `requests_reply` (reference §6): the envelope of ``reply(to:data:now:)`` plus `gateway`, which API.md
    /// §4 promises for every reply the platform publishes on a request. Devices ignore keys they do not know
    /// (reference §3), so the extra key is safe for every dock model.
    public static func requestsReply(to request: DJIEnvelope, gateway: String, data: JSONValue, now: Int64)
        -> JSONValue
    {
        guard case .object(var object) = reply(to: request, data: data, now: now) else { return .null }
        object["gateway"] = .string(gateway)
        return .object(object)
    }
}
