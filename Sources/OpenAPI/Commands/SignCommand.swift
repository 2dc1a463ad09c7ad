import ArgumentParser
import Foundation
import Shared

/// `open-api sign`: the four signature headers of API.md §1 for one request, for `curl` and other tools.
///
/// Signs with `RequestSigner`, the same code the server verifies with, so a request sent with these headers
/// authenticates unless it changes on the way (the body, the query, or the clock by more than 300 s).
struct SignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Print the signature headers of one API request as curl arguments.",
        discussion: """
            Prints one `-H 'Name: value'` line per header; with --curl BASE_URL, a complete curl command instead.
            The signature is valid for 300 seconds and the nonce for one request: sign again for every call.
            """
    )

    @Option(help: "The API client's id (default: $DOCKGATE_API_ID).")
    var apiID: String?

    @Option(help: "The API client's key (default: $DOCKGATE_API_KEY).")
    var apiKey: String?

    @Option(help: "The HTTP method.")
    var method: String = "GET"

    @Option(help: "The request body, exactly as it will be sent.")
    var body: String?

    @Option(help: "A file whose bytes are the request body.")
    var bodyFile: String?

    @Option(name: .customLong("curl"), help: "Print a curl command for this base URL (e.g. http://127.0.0.1:8080).")
    var baseURL: String?

    @Argument(help: "The request target as sent: path and query, e.g. /api/v1/open/devices?limit=10.")
    var target: String

    func validate() throws {
        guard target.hasPrefix("/") else { throw ValidationError("the target must start with '/'") }
        guard body == nil || bodyFile == nil else { throw ValidationError("give --body or --body-file, not both") }
        guard !method.isEmpty, method.allSatisfy({ $0.isLetter }) else {
            throw ValidationError("--method must be a word such as GET or POST")
        }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let apiID = apiID ?? environment["DOCKGATE_API_ID"], !apiID.isEmpty else {
            throw ValidationError("give --api-id or set DOCKGATE_API_ID")
        }
        guard let apiKey = apiKey ?? environment["DOCKGATE_API_KEY"], !apiKey.isEmpty else {
            throw ValidationError("give --api-key or set DOCKGATE_API_KEY")
        }
        let bodyBytes = try bodyBytes()
        let (path, rawQuery) = RequestSignature.splitTarget(target)
        let signed = RequestSigner(apiID: apiID, apiKey: apiKey).sign(
            method: method.uppercased(),
            path: path,
            rawQuery: rawQuery,
            body: bodyBytes,
            date: Date(),
            nonce: Nonce.random()
        )
        let headers = signed.fields.map { "-H \(Self.shellQuoted("\($0.name): \($0.value)"))" }
        guard let baseURL else {
            print(headers.joined(separator: "\n"))
            return
        }
        print(curlCommand(baseURL: baseURL, headers: headers, hasBody: !bodyBytes.isEmpty))
    }

    private func bodyBytes() throws -> [UInt8] {
        if let bodyFile {
            guard let data = FileManager.default.contents(atPath: bodyFile) else {
                throw ValidationError("cannot read --body-file \(bodyFile)")
            }
            return Array(data)
        }
        return Array((body ?? "").utf8)
    }

    /// `--data-binary` sends the bytes unchanged: plain `--data` would strip newlines from a file and break the
    /// body hash.
    private func curlCommand(baseURL: String, headers: [String], hasBody: Bool) -> String {
        var parts = ["curl -sS -X \(method.uppercased())"] + headers
        if hasBody {
            parts.append("-H 'Content-Type: application/json'")
            if let bodyFile {
                parts.append("--data-binary \(Self.shellQuoted("@" + bodyFile))")
            } else if let body {
                parts.append("--data-binary \(Self.shellQuoted(body))")
            }
        }
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        parts.append(Self.shellQuoted(base + target))
        return parts.joined(separator: " \\\n  ")
    }

    /// Single quotes keep every character literal in a POSIX shell; a quote inside is closed, escaped, reopened.
    static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
