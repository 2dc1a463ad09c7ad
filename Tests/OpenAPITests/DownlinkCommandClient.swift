import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Shared

@testable import OpenAPI

/// Signed calls of the downlink routes, for tests.
struct DownlinkCommandClient {
    let client: any TestClientProtocol
    let signer: RequestSigner

    static var path: String { "/api/v1/open/downlink/commands" }

    func post(_ body: JSONValue) async throws -> (status: HTTPResponse.Status, headers: HTTPFields, json: JSONValue?) {
        try await post(raw: body.jsonText)
    }

    func post(raw body: String) async throws -> (status: HTTPResponse.Status, headers: HTTPFields, json: JSONValue?) {
        var headers = signer.headers(.post, Self.path, body: body)
        headers[.contentType] = "application/json"
        return try await client.send(.post, Self.path, headers: headers, body: body)
    }

    func get(_ target: String) async throws -> (status: HTTPResponse.Status, headers: HTTPFields, json: JSONValue?) {
        try await client.send(.get, target, headers: signer.headers(.get, target))
    }

    func command(_ id: String, wait: Int? = nil) async throws -> (
        status: HTTPResponse.Status, headers: HTTPFields, json: JSONValue?
    ) {
        try await get("\(Self.path)/\(id)" + (wait.map { "?wait_seconds=\($0)" } ?? ""))
    }
}

/// Request bodies the downlink tests send.
enum CommandBodies {
    static var livePayload: JSONValue {
        .object([
            "url_type": .integer(1), "url": .string("rtmp://example.com/live/1"),
            "video_id": .string("1581F8HGX254V00A0001/99-0-0/normal-0"), "video_quality": .integer(0),
        ])
    }

    /// A valid `live_start_push` body for `device`.
    static func liveStartPush(device: String, key: String, timeout: Int? = 30) -> JSONValue {
        var body: [String: JSONValue] = [
            "vendor": .string("dji"), "device_id": .string(device), "command_type": .string("live_start_push"),
            "payload": livePayload, "idempotency_key": .string(key),
        ]
        body["timeout_seconds"] = timeout.map { .integer(Int64($0)) }
        return .object(body)
    }
}
