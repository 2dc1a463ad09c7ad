import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Shared
import Testing

@testable import OpenAPI

/// API.md §1 end to end: real database, real HTTP server, requests signed by `RequestSigner`.
@Suite struct SignatureMiddlewareTests {
    static let now: Int64 = 1_767_225_600
    let clock: @Sendable () -> Date = { Date(timeIntervalSince1970: TimeInterval(SignatureMiddlewareTests.now)) }

    @Test func aSignedRequestGetsThrough() async throws {
        let fixture = try await APIFixture.make()
        let signer = try await fixture.client(tenant: try await fixture.tenant("acme"))
        try await fixture.app(now: clock).test(.live) { client in
            let response = try await client.send(
                .get, "/api/v1/open/devices", headers: signer.headers(.get, "/api/v1/open/devices", timestamp: Self.now)
            )
            #expect(response.status == .ok)
            #expect(response.json == .object(["items": .array([]), "next_cursor": .null]))
            #expect(response.headers[.requestID]?.isEmpty == false)
        }
        try await fixture.drop()
    }

    @Test func checksRunInTheDocumentedOrder() async throws {
        let fixture = try await APIFixture.make()
        let signer = try await fixture.client(tenant: try await fixture.tenant("acme"))
        let path = "/api/v1/open/devices"
        try await fixture.app(now: clock).test(.live) { client in
            // No signature at all, and a stale timestamp: MISSING_AUTH comes first.
            var headers = signer.headers(.get, path, timestamp: Self.now - 1000)
            headers[.apiSignature] = nil
            #expect(try await client.send(.get, path, headers: headers).json?.errorCode == "MISSING_AUTH")

            // Unknown id with a stale timestamp and a wrong signature: UNKNOWN_API_ID.
            headers = signer.headers(.get, path, timestamp: Self.now - 1000)
            headers[.apiID] = "ak_doesnotexist"
            headers[.apiSignature] = String(repeating: "0", count: 64)
            var response = try await client.send(.get, path, headers: headers)
            #expect(response.status == .unauthorized)
            #expect(response.json?.errorCode == "UNKNOWN_API_ID")

            // Known id, stale timestamp, wrong signature: TIMESTAMP_SKEW.
            headers = signer.headers(.get, path, timestamp: Self.now - 1000)
            headers[.apiSignature] = String(repeating: "0", count: 64)
            #expect(try await client.send(.get, path, headers: headers).json?.errorCode == "TIMESTAMP_SKEW")

            // Good timestamp, wrong signature, and a nonce used before: BAD_SIGNATURE.
            headers = signer.headers(.get, path, nonce: "nonce-used-once", timestamp: Self.now)
            #expect(try await client.send(.get, path, headers: headers).status == .ok)
            headers[.apiSignature] = String(repeating: "0", count: 64)
            response = try await client.send(.get, path, headers: headers)
            #expect(response.json?.errorCode == "BAD_SIGNATURE")
            #expect(response.json?["error"]?["field"] == .string("X-Api-Signature"))
        }
        try await fixture.drop()
    }

    @Test func aNonceIsRequiredOnMutatingMethodsOnly() async throws {
        let fixture = try await APIFixture.make()
        let signer = try await fixture.client(tenant: try await fixture.tenant("acme"))
        let path = "/api/v1/open/devices"
        try await fixture.app(now: clock).test(.live) { client in
            for method in [HTTPRequest.Method.post, .put, .patch, .delete] {
                let response = try await client.send(
                    method, path, headers: signer.headers(method, path, nonce: nil, timestamp: Self.now))
                #expect(response.json?.errorCode == "MISSING_AUTH", "\(method)")
                #expect(response.json?["error"]?["field"] == .string("X-Api-Nonce"))
            }
            // Signed correctly with a nonce, the POST passes authentication and meets the router: 405.
            let response = try await client.send(.post, path, headers: signer.headers(.post, path, timestamp: Self.now))
            #expect(response.status == .methodNotAllowed)
            #expect(response.headers[.allow] == "GET")
            #expect(
                try await client.send(.get, path, headers: signer.headers(.get, path, nonce: nil, timestamp: Self.now))
                    .status == .ok)
        }
        try await fixture.drop()
    }

    @Test func aReplayedNonceIsRefusedButAnotherClientMayUseIt() async throws {
        let fixture = try await APIFixture.make()
        let tenant = try await fixture.tenant("acme")
        let first = try await fixture.client(tenant: tenant)
        let second = try await fixture.client(tenant: tenant)
        let path = "/api/v1/open/devices?limit=5"
        try await fixture.app(now: clock).test(.live) { client in
            let headers = first.headers(.get, path, nonce: "replay-me-123", timestamp: Self.now)
            #expect(try await client.send(.get, path, headers: headers).status == .ok)
            let replay = try await client.send(.get, path, headers: headers)
            #expect(replay.status == .unauthorized)
            #expect(replay.json?.errorCode == "NONCE_REPLAYED")
            let other = second.headers(.get, path, nonce: "replay-me-123", timestamp: Self.now)
            #expect(try await client.send(.get, path, headers: other).status == .ok)
        }
        try await fixture.drop()
    }

    @Test(arguments: [(-299, true), (299, true), (-300, true), (300, true), (-301, false), (301, false)])
    func theClockMayBeOffByUpTo300Seconds(offset: Int64, accepted: Bool) async throws {
        let fixture = try await APIFixture.make()
        let signer = try await fixture.client(tenant: try await fixture.tenant("acme"))
        let path = "/api/v1/open/devices"
        try await fixture.app(now: clock).test(.live) { client in
            let response = try await client.send(
                .get, path, headers: signer.headers(.get, path, timestamp: Self.now + offset))
            if accepted {
                #expect(response.status == .ok)
            } else {
                #expect(response.json?.errorCode == "TIMESTAMP_SKEW")
            }
        }
        try await fixture.drop()
    }

    @Test func aRevokedClientIsRefusedAtOnce() async throws {
        let fixture = try await APIFixture.make()
        let signer = try await fixture.client(tenant: try await fixture.tenant("acme"))
        let path = "/api/v1/open/devices"
        try await fixture.app(now: clock).test(.live) { client in
            #expect(
                try await client.send(.get, path, headers: signer.headers(.get, path, timestamp: Self.now)).status
                    == .ok)
            try await fixture.database.withConnection {
                try await $0.query(APIClientQueries.revoke(apiID: signer.apiID))
            }
            let response = try await client.send(.get, path, headers: signer.headers(.get, path, timestamp: Self.now))
            #expect(response.json?.errorCode == "UNKNOWN_API_ID")
        }
        try await fixture.drop()
    }

    @Test func aClientWithoutTheScopeGets403() async throws {
        let fixture = try await APIFixture.make()
        let signer = try await fixture.client(tenant: try await fixture.tenant("acme"), scopes: [.eventRead])
        let path = "/api/v1/open/devices"
        try await fixture.app(now: clock).test(.live) { client in
            let response = try await client.send(.get, path, headers: signer.headers(.get, path, timestamp: Self.now))
            #expect(response.status == .forbidden)
            #expect(response.json?.errorCode == "INSUFFICIENT_SCOPE")
        }
        try await fixture.drop()
    }

    @Test func anotherTenantsDeviceIsNotFound() async throws {
        let fixture = try await APIFixture.make()
        let acme = try await fixture.tenant("acme")
        let globex = try await fixture.tenant("globex")
        let acmeClient = try await fixture.client(tenant: acme)
        let globexClient = try await fixture.client(tenant: globex)
        try await fixture.assign(sn: "DOCK-GLOBEX-1", to: globex)
        let path = "/api/v1/open/devices/DOCK-GLOBEX-1"
        try await fixture.app(now: clock).test(.live) { client in
            let foreign = try await client.send(
                .get, path, headers: acmeClient.headers(.get, path, timestamp: Self.now))
            #expect(foreign.status == .notFound)
            #expect(foreign.json?.errorCode == "DEVICE_NOT_FOUND")
            let missing = try await client.send(
                .get,
                "/api/v1/open/devices/NO-SUCH-SN",
                headers: acmeClient.headers(.get, "/api/v1/open/devices/NO-SUCH-SN", timestamp: Self.now)
            )
            #expect(missing.status == .notFound)
            #expect(missing.json?.errorCode == "DEVICE_NOT_FOUND")
            let own = try await client.send(.get, path, headers: globexClient.headers(.get, path, timestamp: Self.now))
            #expect(own.status == .ok)
            #expect(own.json?["sn"] == .string("DOCK-GLOBEX-1"))
            #expect(own.json?["model"] == .string("DJI Dock 3"))
            #expect(own.json?["osd"] == .object([:]))
            #expect(own.json?["osd_updated_at"] == .null)
        }
        try await fixture.drop()
    }

    @Test func aBodyOverOneMebibyteIs413() async throws {
        let fixture = try await APIFixture.make()
        let signer = try await fixture.client(tenant: try await fixture.tenant("acme"))
        let path = "/api/v1/open/devices"
        let body = String(repeating: "x", count: (1 << 20) + 1)
        try await fixture.app(now: clock).test(.live) { client in
            let response = try await client.send(
                .post, path, headers: signer.headers(.post, path, body: body, timestamp: Self.now), body: body)
            #expect(response.status == .contentTooLarge)
            #expect(response.json?.errorCode == "PAYLOAD_TOO_LARGE")
        }
        try await fixture.drop()
    }
}
