import Hummingbird

/// `wait_seconds` of the long-poll routes (API.md §3, §5).
enum LongPoll {
    static let range = 1...30

    /// The requested wait, nil when the request does not wait; 400 `INVALID_FIELD` outside 1–30.
    static func waitSeconds(_ request: Request) throws -> Int? {
        guard let text = request.uri.queryParameters["wait_seconds"] else { return nil }
        guard let seconds = Int(text), range.contains(seconds) else {
            throw APIError.invalidField("wait_seconds", "wait_seconds must be a whole number from 1 to 30")
        }
        return seconds
    }
}
