import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Shared
import TestSupport
import Testing

@testable import OpenAPI

extension BuiltBinary.Run {
    /// The `-H 'Name: value'` lines of `open-api sign` as header fields.
    var headers: HTTPFields {
        var fields = HTTPFields()
        for rawLine in stdout.split(separator: "\n") {
            var line = rawLine.drop(while: { $0 == " " })
            if line.hasSuffix(" \\") { line = line.dropLast(2) }
            guard line.hasPrefix("-H '"), line.hasSuffix("'") else { continue }
            let text = line.dropFirst(4).dropLast()
            guard let colon = text.firstIndex(of: ":"), let name = HTTPField.Name(String(text[..<colon])) else {
                continue
            }
            fields[name] = String(text[text.index(after: colon)...].drop(while: { $0 == " " }))
        }
        return fields
    }
}

/// `open-api sign` as a user runs it: the built binary prints headers, and a real app must accept them.
@Suite struct SignCommandTests {
    func sign(_ arguments: [String], environment: [String: String] = [:]) throws -> BuiltBinary.Run {
        try BuiltBinary.run("open-api", ["sign"] + arguments, environment: environment)
    }

    @Test func printedHeadersAuthenticateAGetWithAQueryAndAPostWithABody() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: OperatorCLITests.binary.path), "build open-api first")
        let fixture = try await APIFixture.make()
        let acme = try await fixture.tenant("acme")
        let signer = try await fixture.client(tenant: acme)
        try await fixture.device(sn: "DOCK-1", tenant: acme)
        let list = "/api/v1/open/devices?online=true&limit=5"
        let get = try sign(["--api-id", signer.apiID, "--api-key", signer.apiKey, list])
        #expect(get.status == 0, "\(get.stderr)")
        #expect(get.headers.count == 4, "\(get.stdout)")

        let body = CommandBodies.liveStartPush(device: "DOCK-1", key: "sign-1").jsonText
        let bodyFile = FileManager.default.temporaryDirectory.appendingPathComponent("sign-\(UUID().uuidString).json")
        try Data((body + "\n").utf8).write(to: bodyFile)
        defer { try? FileManager.default.removeItem(at: bodyFile) }
        // Credentials from the environment, the body from a file with a trailing newline that must be signed too.
        let post = try sign(
            ["--method", "post", "--body-file", bodyFile.path, DownlinkCommandClient.path],
            environment: ["DOCKGATE_API_ID": signer.apiID, "DOCKGATE_API_KEY": signer.apiKey])
        #expect(post.status == 0, "\(post.stderr)")

        try await fixture.app().test(.router) { client in
            let listed = try await client.send(.get, list, headers: get.headers)
            #expect(listed.status == .ok, "\(String(describing: listed.json))")
            guard case .array(let items)? = listed.json?["items"] else {
                Issue.record("no items")
                return
            }
            #expect(items.map { $0["sn"] } == [.string("DOCK-1")])

            var headers = post.headers
            headers[.contentType] = "application/json"
            let created = try await client.send(.post, DownlinkCommandClient.path, headers: headers, body: body + "\n")
            #expect(created.status == .created, "\(String(describing: created.json))")

            // The nonce is single use: the same printed headers cannot be replayed.
            let replayed = try await client.send(.post, DownlinkCommandClient.path, headers: headers, body: body + "\n")
            #expect(replayed.status == .unauthorized)
            // And a query other than the signed one is refused.
            let tampered = try await client.send(.get, list + "&x=1", headers: get.headers)
            #expect(tampered.status == .unauthorized)
        }
        try await fixture.drop()
    }

    @Test func curlModeAndRefusals() throws {
        let run = try sign([
            "--api-id", "ak_x", "--api-key", "k", "--method", "POST", "--body", #"{"a":"it's"}"#, "--curl",
            "http://127.0.0.1:8080/", "/api/v1/open/x",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("curl -sS -X POST"))
        #expect(run.stdout.contains(#"--data-binary '{"a":"it'\''s"}'"#))
        #expect(run.stdout.contains("'http://127.0.0.1:8080/api/v1/open/x'"))
        for name in ["X-Api-Id", "X-Api-Timestamp", "X-Api-Nonce", "X-Api-Signature"] {
            #expect(run.headers[HTTPField.Name(name)!] != nil, "\(name)")
        }

        let noKey = try sign(["--api-id", "ak_x", "/api/v1/open/x"])
        #expect(noKey.status != 0)
        #expect(noKey.stderr.contains("DOCKGATE_API_KEY"))
        let both = try sign(["--api-id", "a", "--api-key", "k", "--body", "x", "--body-file", "/nope", "/x"])
        #expect(both.status != 0)
        let relative = try sign(["--api-id", "a", "--api-key", "k", "x"])
        #expect(relative.status != 0)
    }
}
