import Foundation
import Testing

@testable import Shared

/// The ordered checks of API.md §1, driven with explicit clocks and client lookups.
@Suite struct SigningAuthenticationCheckTests {
    struct Client: Sendable, Equatable {
        let name: String
    }

    static let apiID = "ak_0123456789abcdef01234567"
    static let apiKey = "dg-test-key-1"
    static let now: Int64 = 1_776_859_200
    static let path = "/api/v1/open/downlink/commands"
    static let body = Array(#"{"vendor":"dji"}"#.utf8)
    static let found = ClientLookup.found(Client(name: "acme"), apiKey: apiKey)

    /// Correctly signed headers for `method` at `timestamp`.
    static func signed(method: String = "POST", timestamp: Int64 = now, nonce: String? = "nonce-0001")
        -> SignedRequestHeaders
    {
        RequestSigner(apiID: apiID, apiKey: apiKey).sign(
            method: method,
            path: path,
            rawQuery: "b=2&a=1",
            body: body,
            timestamp: timestamp,
            nonce: nonce
        )
    }

    /// Runs both stages and returns the error code, or nil when authenticated.
    static func code(
        _ headers: SignedRequestHeaders,
        method: String = "POST",
        lookup: ClientLookup<Client> = found,
        now: Int64 = now
    ) -> AuthErrorCode? {
        switch AuthenticationCheck.start(headers: headers, method: method) {
        case .rejected(let rejection):
            return rejection.code
        case .lookUpClient(let check):
            switch check.finish(lookup: lookup, now: now, path: path, rawQuery: "b=2&a=1", body: body) {
            case .rejected(let rejection):
                return rejection.code
            case .authenticated:
                return nil
            }
        }
    }

    @Test func aCorrectlySignedRequestAuthenticatesAndExposesItsNonce() throws {
        guard case .lookUpClient(let check) = AuthenticationCheck.start(headers: Self.signed(), method: "POST") else {
            Issue.record("expected a lookup")
            return
        }
        #expect(check.apiID == Self.apiID)
        let outcome = check.finish(
            lookup: Self.found, now: Self.now, path: Self.path, rawQuery: "a=1&b=2", body: Self.body)
        guard case .authenticated(let request) = outcome else {
            Issue.record("expected authentication, got \(outcome)")
            return
        }
        #expect(request.client == Client(name: "acme"))
        #expect(request.apiID == Self.apiID)
        #expect(request.timestamp == Self.now)
        #expect(request.nonceToRecord == "nonce-0001")
        #expect(AuthenticationCheck.nonceReplayWindowSeconds == 900)
    }

    @Test func missingHeadersAreMissingAuth() {
        var headers = Self.signed()
        headers.apiID = nil
        #expect(Self.code(headers) == .missingAuth)
        headers = Self.signed()
        headers.timestamp = nil
        #expect(Self.code(headers) == .missingAuth)
        headers = Self.signed()
        headers.signature = nil
        #expect(Self.code(headers) == .missingAuth)
        #expect(Self.code(SignedRequestHeaders(apiID: nil, timestamp: nil, nonce: nil, signature: nil)) == .missingAuth)
    }

    @Test(arguments: ["POST", "PUT", "PATCH", "DELETE", "post", "delete"])
    func nonceIsRequiredOnMutatingMethods(method: String) {
        #expect(Self.code(Self.signed(method: method, nonce: nil), method: method) == .missingAuth)
        #expect(Self.code(Self.signed(method: method), method: method) == nil)
    }

    @Test(arguments: ["GET", "get"])
    func nonceIsOptionalOnGet(method: String) {
        #expect(Self.code(Self.signed(method: method, nonce: nil), method: method) == nil)
        #expect(Self.code(Self.signed(method: method), method: method) == nil)
    }

    @Test func getWithoutNonceHasNothingToRecord() {
        guard
            case .lookUpClient(let check) = AuthenticationCheck.start(
                headers: Self.signed(method: "GET", nonce: nil), method: "GET"),
            case .authenticated(let request) = check.finish(
                lookup: Self.found,
                now: Self.now,
                path: Self.path,
                rawQuery: "b=2&a=1",
                body: Self.body
            )
        else {
            Issue.record("expected authentication")
            return
        }
        #expect(request.nonceToRecord == nil)
    }

    @Test(arguments: ["short", String(repeating: "n", count: 129), "has space", "slash/ed-nonce"])
    func malformedNonceIsMissingAuthOnEveryMethod(nonce: String) {
        #expect(Self.code(Self.signed(method: "POST", nonce: nonce), method: "POST") == .missingAuth)
        #expect(Self.code(Self.signed(method: "GET", nonce: nonce), method: "GET") == .missingAuth)
    }

    @Test func unknownAndRevokedClientsAreUnknownAPIID() {
        #expect(Self.code(Self.signed(), lookup: .unknown) == .unknownAPIID)
        #expect(Self.code(Self.signed(), lookup: .revoked) == .unknownAPIID)
    }

    @Test(arguments: [-300, -299, 0, 299, 300] as [Int64])
    func clockSkewUpTo300SecondsIsAccepted(offset: Int64) {
        #expect(Self.code(Self.signed(timestamp: Self.now + offset)) == nil)
    }

    @Test(arguments: [-301, 301, -100_000, 100_000] as [Int64])
    func clockSkewBeyond300SecondsIsRejected(offset: Int64) {
        #expect(Self.code(Self.signed(timestamp: Self.now + offset)) == .timestampSkew)
    }

    @Test(arguments: [
        "", "abc", "1776859200.0", "+1776859200", "-1776859200", " 1776859200", "1e9", "99999999999999999999",
    ])
    func nonIntegerTimestampsAreTimestampSkew(timestamp: String) {
        var headers = Self.signed()
        headers.timestamp = timestamp
        // The empty string counts as absent (MISSING_AUTH); every other non-integer is TIMESTAMP_SKEW.
        #expect(Self.code(headers) == (timestamp.isEmpty ? .missingAuth : .timestampSkew))
    }

    @Test func dateClockIsComparedInWholeSeconds() {
        guard
            case .lookUpClient(let check) = AuthenticationCheck.start(
                headers: Self.signed(timestamp: Self.now - 300), method: "POST")
        else {
            Issue.record("expected a lookup")
            return
        }
        // 300.9 s after the signed second is still 300 whole seconds.
        let outcome = check.finish(
            lookup: Self.found,
            now: Date(timeIntervalSince1970: Double(Self.now) + 0.9),
            path: Self.path,
            rawQuery: "b=2&a=1",
            body: Self.body
        )
        guard case .authenticated = outcome else {
            Issue.record("expected authentication, got \(outcome)")
            return
        }
    }

    @Test func anyAlteredPartIsBadSignature() {
        var headers = Self.signed()
        headers.signature = String(repeating: "0", count: 64)
        #expect(Self.code(headers) == .badSignature)
        headers = Self.signed()
        headers.signature = headers.signature?.uppercased()
        #expect(Self.code(headers) == .badSignature)
        headers = Self.signed()
        headers.nonce = "nonce-0002"
        #expect(Self.code(headers) == .badSignature)
        headers = Self.signed(timestamp: Self.now - 1)
        headers.timestamp = String(Self.now)
        #expect(Self.code(headers) == .badSignature)
        // Signed for POST, sent as PUT.
        #expect(Self.code(Self.signed(method: "POST"), method: "PUT") == .badSignature)
        // Signed with another key.
        #expect(Self.code(Self.signed(), lookup: .found(Client(name: "acme"), apiKey: "other-key")) == .badSignature)
    }

    @Test func checksRunInTheContractOrder() {
        // Missing id and an unknown client: MISSING_AUTH comes first (and no lookup is asked for).
        var headers = Self.signed()
        headers.apiID = nil
        #expect(Self.code(headers, lookup: .unknown) == .missingAuth)
        // Missing nonce on POST beats a bad timestamp and a bad signature.
        headers = Self.signed(nonce: nil)
        headers.timestamp = "abc"
        headers.signature = "bad"
        #expect(Self.code(headers) == .missingAuth)
        // Unknown id with a bad timestamp: UNKNOWN_API_ID.
        headers = Self.signed(timestamp: Self.now + 10_000)
        #expect(Self.code(headers, lookup: .unknown) == .unknownAPIID)
        // Revoked id with a bad signature: UNKNOWN_API_ID.
        headers = Self.signed()
        headers.signature = "bad"
        #expect(Self.code(headers, lookup: .revoked) == .unknownAPIID)
        // Bad timestamp and bad signature: TIMESTAMP_SKEW.
        headers = Self.signed(timestamp: Self.now + 301)
        headers.signature = String(repeating: "0", count: 64)
        #expect(Self.code(headers) == .timestampSkew)
        headers.timestamp = "not-a-number"
        #expect(Self.code(headers) == .timestampSkew)
    }

    @Test func rejectionsNameTheHeaderAndNeverTheExpectedSignature() throws {
        var headers = Self.signed(nonce: nil)
        guard case .rejected(let missing) = AuthenticationCheck.start(headers: headers, method: "DELETE") else {
            Issue.record("expected MISSING_AUTH")
            return
        }
        #expect(missing.header == "X-Api-Nonce")
        #expect(missing.httpStatus == 401)

        headers = Self.signed()
        headers.signature = String(repeating: "0", count: 64)
        guard case .lookUpClient(let check) = AuthenticationCheck.start(headers: headers, method: "POST"),
            case .rejected(let bad) = check.finish(
                lookup: Self.found,
                now: Self.now,
                path: Self.path,
                rawQuery: "b=2&a=1",
                body: Self.body
            )
        else {
            Issue.record("expected BAD_SIGNATURE")
            return
        }
        #expect(bad.code == .badSignature)
        let expected = try #require(Self.signed().signature)
        #expect(!bad.message.contains(expected))
        #expect(!bad.message.contains(Self.apiKey))
        #expect(AuthRejection.insufficientScope(.deviceBind).httpStatus == 403)
        #expect(AuthRejection.insufficientScope(.deviceBind).message.contains("open:device:bind"))
        #expect(AuthRejection.nonceReplayed.code == .nonceReplayed)
    }
}
