import Foundation

/// How operator commands print: one JSON object per line, keys sorted, so the output reads in a terminal and
/// pipes into `jq`.
enum OperatorOutput {
    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
