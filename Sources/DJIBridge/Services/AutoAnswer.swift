import Shared

/// The platform's own answer to a request: the reply's `data`, and a sentence for `reply_message`.
struct AutoAnswer: Sendable, Hashable {
    var data: JSONValue
    var message: String
}
