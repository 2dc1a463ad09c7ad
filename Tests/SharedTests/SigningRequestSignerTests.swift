import Foundation
import Testing

@testable import Shared

@Suite struct SigningRequestSignerTests {
    @Test func producesTheFourHeadersOfTheOpenSSLVector() {
        let signer = RequestSigner(apiID: "ak_0123456789abcdef01234567", apiKey: "dg-test-key-1")
        let headers = signer.sign(
            method: "POST",
            path: "/api/v1/open/downlink/commands",
            body: Array("{}".utf8),
            timestamp: 1_776_859_200,
            nonce: "nonce-0001"
        )
        // Same request as SigningRequestSignatureTests.emptyBodyAndEmptyJSONObjectSignDifferently (openssl vector).
        #expect(
            headers.fields.map { "\($0.name): \($0.value)" } == [
                "X-Api-Id: ak_0123456789abcdef01234567",
                "X-Api-Timestamp: 1776859200",
                "X-Api-Nonce: nonce-0001",
                "X-Api-Signature: 40b7a5400c4a70919ce953e5daabbce58a13fa2c9b77058644b5443576e5aec2",
            ]
        )
    }

    @Test func leavesTheNonceHeaderOutWhenThereIsNone() {
        let signer = RequestSigner(apiID: "ak_x", apiKey: "dg-test-key-1")
        let headers = signer.sign(method: "GET", path: "/api/v1/open/devices", timestamp: 1_776_859_200, nonce: nil)
        #expect(headers.fields.map(\.name) == ["X-Api-Id", "X-Api-Timestamp", "X-Api-Signature"])
        // printf 'GET\n/api/v1/open/devices\n\n1776859200\n\ne3b0c442...b855' | openssl dgst -sha256 -hmac 'dg-test-key-1'
        #expect(headers.signature == "b740410a6963b41273ee8776314ff53de20e0dfdf775db35ff084e77f3e31a14")
    }

    @Test func dateTimestampsAreWholeSecondsRoundedDown() {
        let signer = RequestSigner(apiID: "ak_x", apiKey: "k")
        let fromDate = signer.sign(
            method: "GET",
            path: "/p",
            date: Date(timeIntervalSince1970: 1_776_859_200.999),
            nonce: nil
        )
        let fromInt = signer.sign(method: "GET", path: "/p", timestamp: 1_776_859_200, nonce: nil)
        #expect(fromDate == fromInt)
        #expect(fromDate.timestamp == "1776859200")
    }

    @Test func emptyHeaderValuesCountAsAbsent() {
        let headers = SignedRequestHeaders(apiID: "", timestamp: "", nonce: "", signature: "")
        #expect(headers == SignedRequestHeaders(apiID: nil, timestamp: nil, nonce: nil, signature: nil))
        #expect(headers.fields.isEmpty)
    }

    @Test func nonceFormIsEnforced() {
        #expect(Nonce.isWellFormed("abcdefgh"))
        #expect(Nonce.isWellFormed("A-Z_a.z-09"))
        #expect(Nonce.isWellFormed(String(repeating: "n", count: 128)))
        #expect(!Nonce.isWellFormed("abcdefg"))
        #expect(!Nonce.isWellFormed(String(repeating: "n", count: 129)))
        #expect(!Nonce.isWellFormed("abcd efgh"))
        #expect(!Nonce.isWellFormed("abcd/efgh"))
        #expect(!Nonce.isWellFormed("abcdéfgh"))
        #expect(!Nonce.isWellFormed(""))
    }

    @Test func randomNoncesAreWellFormedAndDistinct() {
        let nonces = (0..<1000).map { _ in Nonce.random() }
        #expect(nonces.allSatisfy(Nonce.isWellFormed))
        #expect(nonces.allSatisfy { $0.count == 32 })
        #expect(Set(nonces).count == nonces.count)
    }

    @Test func scopesAreSpelledAsInTheContract() {
        #expect(
            Set(Scope.allCases.map(\.rawValue)) == [
                "open:downlink-command:write", "open:downlink-command:read", "open:device-request:read",
                "open:device-request:reply", "open:device:read", "open:event:read", "open:device:bind",
            ]
        )
        #expect(Scope.allCases.count == 7)
    }

    @Test func errorCodesAreSpelledAsInTheContract() {
        #expect(
            AuthErrorCode.allCases.map(\.rawValue) == [
                "MISSING_AUTH", "UNKNOWN_API_ID", "TIMESTAMP_SKEW", "BAD_SIGNATURE", "NONCE_REPLAYED",
                "INSUFFICIENT_SCOPE",
            ]
        )
        #expect(AuthErrorCode.allCases.filter { $0.httpStatus == 403 } == [.insufficientScope])
        #expect(AuthErrorCode.allCases.filter { $0.httpStatus == 401 }.count == 5)
    }
}
