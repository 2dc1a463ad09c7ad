import Testing

@testable import Shared

/// Fixed vectors for API.md §1. Every expected HMAC was computed outside Swift with openssl while writing the
/// test, from the exact string to sign shown next to it, so the Swift code is checked against an independent
/// implementation rather than against itself.
@Suite struct SigningRequestSignatureTests {
    static let key = "dg-test-key-1"
    /// `date -u -d 2026-04-22T12:00:00Z +%s`
    static let timestamp = "1776859200"
    /// `printf '' | openssl dgst -sha256`
    static let emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    /// `printf '{}' | openssl dgst -sha256`
    static let emptyObjectSHA256 = "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"

    @Test func getWithRepeatedAndPercentEncodedParametersMatchesOpenSSL() {
        let text = RequestSignature.stringToSign(
            method: "GET",
            path: "/api/v1/open/downlink/commands",
            rawQuery: "b=2&a=3&a=1&c=x%2Fy",
            timestamp: Self.timestamp,
            nonce: nil,
            body: [UInt8]()
        )
        #expect(
            text == "GET\n/api/v1/open/downlink/commands\na=1&a=3&b=2&c=x%2Fy\n1776859200\n\n" + Self.emptySHA256
        )
        // printf 'GET\n/api/v1/open/downlink/commands\na=1&a=3&b=2&c=x%%2Fy\n1776859200\n\ne3b0c442...b855' \
        //   | openssl dgst -sha256 -hmac 'dg-test-key-1'
        #expect(
            RequestSignature.signature(stringToSign: text, apiKey: Self.key)
                == "2a12fb5c9c10d58faf88a567115499b587e39fbd1f24ebbc98181a9b4221f8a5"
        )
    }

    @Test func lowercaseMethodWithBodyAndNonceMatchesOpenSSL() {
        let body = Array(#"{"ttl_seconds":86400}"#.utf8)
        let text = RequestSignature.stringToSign(
            method: "post",
            path: "/api/v1/open/binding-codes",
            rawQuery: nil,
            timestamp: Self.timestamp,
            nonce: "Nonce_01.abc-XYZ",
            body: body
        )
        // printf '{"ttl_seconds":86400}' | openssl dgst -sha256
        let bodyHash = "55f720c20192ca2862b3af9f232d157f694537df9fce99dd1eeb1d9c8136f785"
        #expect(text == "POST\n/api/v1/open/binding-codes\n\n1776859200\nNonce_01.abc-XYZ\n" + bodyHash)
        // printf "POST\n/api/v1/open/binding-codes\n\n1776859200\nNonce_01.abc-XYZ\n$BODY_HASH" \
        //   | openssl dgst -sha256 -hmac 'dg-test-key-1'
        #expect(
            RequestSignature.signature(stringToSign: text, apiKey: Self.key)
                == "53228adbef57517caa7571161fa837c62eeb767e002b0c9075635dc8381630cb"
        )
    }

    @Test func emptyBodyAndEmptyJSONObjectSignDifferently() {
        #expect(RequestSignature.bodySHA256([UInt8]()) == Self.emptySHA256)
        #expect(RequestSignature.bodySHA256(Array("{}".utf8)) == Self.emptyObjectSHA256)
        let post = { (body: [UInt8]) in
            RequestSignature.stringToSign(
                method: "POST",
                path: "/api/v1/open/downlink/commands",
                rawQuery: nil,
                timestamp: Self.timestamp,
                nonce: "nonce-0001",
                body: body
            )
        }
        let withEmpty = post([])
        let withObject = post(Array("{}".utf8))
        #expect(
            withObject == "POST\n/api/v1/open/downlink/commands\n\n1776859200\nnonce-0001\n" + Self.emptyObjectSHA256)
        // printf 'POST\n/api/v1/open/downlink/commands\n\n1776859200\nnonce-0001\n44136fa3...ff8a' \
        //   | openssl dgst -sha256 -hmac 'dg-test-key-1'
        #expect(
            RequestSignature.signature(stringToSign: withObject, apiKey: Self.key)
                == "40b7a5400c4a70919ce953e5daabbce58a13fa2c9b77058644b5443576e5aec2"
        )
        // printf 'POST\n/api/v1/open/downlink/commands\n\n1776859200\nnonce-0001\ne3b0c442...b855' \
        //   | openssl dgst -sha256 -hmac 'dg-test-key-1'
        #expect(
            RequestSignature.signature(stringToSign: withEmpty, apiKey: Self.key)
                == "92d437eca2bbebb50d748fad4b6e3895aa8ae71ba352d1a8790fd4aa2a077961"
        )
    }

    @Test func bodyHashIsTheSameForNonContiguousCollections() {
        let bytes = Array("{}".utf8)
        #expect(RequestSignature.bodySHA256(bytes.lazy.map { $0 }) == Self.emptyObjectSHA256)
        #expect(RequestSignature.bodySHA256(bytes[...]) == Self.emptyObjectSHA256)
    }

    @Test func noQueryAndEmptyQuerySignTheSame() {
        let sign = { (query: String?) in
            RequestSignature.stringToSign(
                method: "GET",
                path: "/api/v1/open/devices",
                rawQuery: query,
                timestamp: Self.timestamp,
                nonce: nil,
                body: [UInt8]()
            )
        }
        let expected = "GET\n/api/v1/open/devices\n\n1776859200\n\n" + Self.emptySHA256
        #expect(sign(nil) == expected)
        #expect(sign("") == expected)
        // printf 'GET\n/api/v1/open/devices\n\n1776859200\n\ne3b0c442...b855' | openssl dgst -sha256 -hmac 'dg-test-key-1'
        #expect(
            RequestSignature.signature(stringToSign: expected, apiKey: Self.key)
                == "b740410a6963b41273ee8776314ff53de20e0dfdf775db35ff084e77f3e31a14"
        )
    }

    @Test func flagsEmptyPairsAndPlusSignsMatchOpenSSL() {
        // Pairs z, a=1, (empty), flag, b=%41+x, a= → sorted by (name, value): a=, a=1, b=%41+x, flag, z.
        let text = RequestSignature.stringToSign(
            method: "GET",
            path: "/api/v1/open/events",
            rawQuery: "z&a=1&&flag&b=%41+x&a=",
            timestamp: Self.timestamp,
            nonce: "abcdefgh",
            body: [UInt8]()
        )
        #expect(text == "GET\n/api/v1/open/events\na=&a=1&b=%41+x&flag&z\n1776859200\nabcdefgh\n" + Self.emptySHA256)
        // printf 'GET\n/api/v1/open/events\na=&a=1&b=%%41+x&flag&z\n1776859200\nabcdefgh\ne3b0c442...b855' \
        //   | openssl dgst -sha256 -hmac 'dg-test-key-1'
        #expect(
            RequestSignature.signature(stringToSign: text, apiKey: Self.key)
                == "63c2efa5da8e04bc2c4437c3833d37033257a0dbcdd8d6c1104b216acc8629a7"
        )
    }

    @Test func canonicalQuerySortsByNameThenValueBytewise() {
        // By name first: "a" < "a-b" although the whole pair "a-b=1" < "a=2" ('-' 0x2D < '=' 0x3D).
        #expect(RequestSignature.canonicalQuery("a-b=1&a=2") == "a=2&a-b=1")
        // Ordinal bytes, not case-insensitive or locale order: "B" (0x42) < "a" (0x61) < "b" (0x62).
        #expect(RequestSignature.canonicalQuery("b=1&a=1&B=1") == "B=1&a=1&b=1")
        // Values compare as sent, still encoded: "%2F" (0x25) < "0" (0x30) < "a".
        #expect(RequestSignature.canonicalQuery("k=a&k=0&k=%2F") == "k=%2F&k=0&k=a")
        // Only the first "=" splits; the rest belongs to the value.
        #expect(RequestSignature.canonicalQuery("a==b&a=") == "a=&a==b")
        // Leading, trailing and doubled "&" carry no pair.
        #expect(RequestSignature.canonicalQuery("&&b=2&&a=1&") == "a=1&b=2")
        // A bare flag and "flag=" tie on (name, value): they keep the order they were sent in.
        #expect(RequestSignature.canonicalQuery("flag=&flag") == "flag=&flag")
        #expect(RequestSignature.canonicalQuery("flag&flag=") == "flag&flag=")
        #expect(RequestSignature.canonicalQuery("&") == "")
        #expect(RequestSignature.canonicalQuery(nil) == "")
    }

    @Test func targetsSplitAtTheFirstQuestionMark() {
        #expect(RequestSignature.splitTarget("/api/v1/open/devices") == ("/api/v1/open/devices", nil))
        #expect(RequestSignature.splitTarget("/api/v1/open/devices?") == ("/api/v1/open/devices", ""))
        #expect(RequestSignature.splitTarget("/a%3Fb?x=1?2&y") == ("/a%3Fb", "x=1?2&y"))
    }

    @Test func constantTimeComparison() {
        let signature = "2a12fb5c9c10d58faf88a567115499b587e39fbd1f24ebbc98181a9b4221f8a5"
        #expect(RequestSignature.isValid(signature: signature, expected: signature))
        #expect(!RequestSignature.isValid(signature: "3" + signature.dropFirst(), expected: signature))
        #expect(!RequestSignature.isValid(signature: signature.dropLast() + "6", expected: signature))
        #expect(!RequestSignature.isValid(signature: String(signature.dropLast()), expected: signature))
        #expect(!RequestSignature.isValid(signature: signature + "0", expected: signature))
        #expect(!RequestSignature.isValid(signature: "", expected: signature))
        #expect(!RequestSignature.isValid(signature: signature.uppercased(), expected: signature))
    }
}
