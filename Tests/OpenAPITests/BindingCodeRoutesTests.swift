import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Shared
import Testing

@testable import OpenAPI

/// API.md §5 `POST /api/v1/open/binding-codes`.
@Suite struct BindingCodeRoutesTests {
    @Test(arguments: [
        ("", 604_800), ("{}", 604_800), (#"{"ttl_seconds": 3600}"#, 3600), (#"{"ttl_seconds": 2592000}"#, 2_592_000),
    ])
    func aCodeIsIssuedForTheCallersTenant(body: String, ttl: Int) async throws {
        let fixture = try await APIFixture.make()
        let acme = try await fixture.tenant("acme")
        let signer = try await fixture.client(tenant: acme, scopes: [.deviceBind])
        let before = Date()
        try await fixture.app().test(.router) { client in
            let target = "/api/v1/open/binding-codes"
            let response = try await client.send(
                .post, target, headers: signer.headers(.post, target, body: body), body: body.isEmpty ? nil : body)
            #expect(response.status == .created)
            let code = try #require(response.json?["binding_code"]?.stringValue)
            #expect(code.count == BindingCode.length)
            #expect(response.json?["organization_id"] == .string("org-acme"))
            #expect(response.json?["organization_name"] == .string("acme"))
            let expires = try #require(response.json?["expires_at"]?.stringValue.flatMap(RFC3339.date))
            #expect(abs(expires.timeIntervalSince(before) - Double(ttl)) < 30)
            let stored = try await fixture.database.withConnection { connection in
                try await connection.query("SELECT tenant_id, created_by FROM binding_codes WHERE code = \(code)").first
                    .map {
                        (
                            try $0.decode(UUID.self, column: "tenant_id"),
                            try $0.decode(String.self, column: "created_by")
                        )
                    }
            }
            #expect(stored?.0 == acme.id)
            #expect(stored?.1 == signer.apiID)
        }
        try await fixture.drop()
    }

    @Test(arguments: [
        (#"{"ttl_seconds": 3599}"#, "INVALID_FIELD"), (#"{"ttl_seconds": 2592001}"#, "INVALID_FIELD"),
        (#"{"ttl_seconds": "3600"}"#, "INVALID_FIELD"), (#"{"ttl_seconds": 3600.5}"#, "INVALID_FIELD"),
        ("[]", "MALFORMED_JSON"), ("{", "MALFORMED_JSON"),
    ])
    func aTTLOutsideOneHourToThirtyDaysIsRefused(body: String, code: String) async throws {
        let fixture = try await APIFixture.make()
        let signer = try await fixture.client(tenant: try await fixture.tenant("acme"), scopes: [.deviceBind])
        try await fixture.app().test(.router) { client in
            let target = "/api/v1/open/binding-codes"
            let response = try await client.send(
                .post, target, headers: signer.headers(.post, target, body: body), body: body)
            #expect(response.status == .badRequest)
            #expect(response.json?.errorCode == code)
            if code == "INVALID_FIELD" { #expect(response.json?["error"]?["field"] == .string("ttl_seconds")) }
        }
        try await fixture.drop()
    }

    @Test func theBindScopeIsNeeded() async throws {
        let fixture = try await APIFixture.make()
        let signer = try await fixture.client(tenant: try await fixture.tenant("acme"), scopes: [.deviceRead])
        try await fixture.app().test(.router) { client in
            let target = "/api/v1/open/binding-codes"
            let response = try await client.send(
                .post, target, headers: signer.headers(.post, target, body: "{}"), body: "{}")
            #expect(response.status == .forbidden)
            #expect(response.json?.errorCode == "INSUFFICIENT_SCOPE")
        }
        try await fixture.drop()
    }
}
