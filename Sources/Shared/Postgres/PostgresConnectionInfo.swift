internal import CLibPQ
import Foundation

/// A connection string as libpq parses it, for logging without secrets.
///
/// libpq's own parser (`PQconninfoParse`) reads both the URI and the `key=value` forms exactly as
/// `PQconnectdb` will, so what is logged is what is used, minus the password.
struct PostgresConnectionInfo: Sendable, CustomStringConvertible {
    /// The options that were set, in libpq's order, passwords left out.
    let options: [(keyword: String, value: String)]

    /// Keywords whose values are secrets.
    private static let secretKeywords: Set<String> = ["password", "sslpassword"]

    /// Parses `connectionString`; nil when libpq cannot parse it. libpq's parse error is dropped because it
    /// quotes the offending part of the string, which may be the password.
    init?(_ connectionString: String) {
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let parsed = PQconninfoParse(connectionString, &errorMessage) else {
            PQfreemem(errorMessage)
            return nil
        }
        defer { PQconninfoFree(parsed) }
        var options: [(keyword: String, value: String)] = []
        var option = parsed
        while let keyword = option.pointee.keyword {
            let name = String(cString: keyword)
            if let value = option.pointee.val, !Self.secretKeywords.contains(name) {
                options.append((name, String(cString: value)))
            }
            option += 1
        }
        self.options = options
    }

    /// The value of one option, e.g. `host`.
    subscript(keyword: String) -> String? {
        options.first { $0.keyword == keyword }?.value
    }

    /// `key=value` pairs without secrets, e.g. `host=127.0.0.1 port=5432 dbname=dockgate user=api`.
    var description: String {
        options.map { "\($0.keyword)=\(Self.quoted($0.value))" }.joined(separator: " ")
    }

    private static func quoted(_ value: String) -> String {
        guard value.isEmpty || value.contains(where: { $0 == " " || $0 == "'" || $0 == "\\" }) else {
            return value
        }
        return "'" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
            + "'"
    }
}
