/// Merges a partial `osd`/`state` document into the cached one (reference §3: "OSD and state messages are
/// partial: merge them into a cached device state"; §9: a dock splits its OSD across several messages per cycle,
/// and `state` carries only what changed).
///
/// Rules, applied key by key:
/// - **Objects merge recursively.** A struct property can arrive with only some of its leaves: the cloud sets
///   properties one leaf per message (reference §10, `distance_limit_status.state` alone), and on-change `state`
///   pushes report what changed. Replacing the whole struct would erase the siblings the device did not resend.
/// - **Arrays replace.** DJI sends lists whole and without a key to match elements by: `batteries`, `cameras`,
///   `payloads`, HMS `list` ("the full current alarm set", §7). A shorter list means elements went away.
/// - **Scalars replace.**
/// - **`null` replaces and is kept as `null`.** The device said the value is now unknown; keeping the key
///   distinguishes "reported as null" from "never reported", and a later value overwrites it as usual.
/// - Keys absent from the update are left untouched.
///
/// When either side is not an object there is nothing to merge key by key and the update wins; an empty update
/// object (a message whose `data` was `""` or `{}`) changes nothing.
public enum TelemetryMerge {
    public static func merge(_ update: JSONValue, into current: JSONValue) -> JSONValue {
        guard case .object(let changes) = update, case .object(var merged) = current else { return update }
        for (key, value) in changes {
            merged[key] = merged[key].map { merge(value, into: $0) } ?? value
        }
        return .object(merged)
    }
}
