import Foundation

/// The first thing wrong with a command payload: the field at fault, as a path from `payload`
/// (`payload.file.url`, `payload.flight_ids[1]`), and a sentence that names the field and says what it must be.
/// The API answers it as `400 INVALID_FIELD` with `field` and `message` (API.md §2).
public struct PayloadProblem: Sendable, Hashable, Error, CustomStringConvertible {
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { message }
}
