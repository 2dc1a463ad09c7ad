import Crypto
import Foundation

/// The request signature of API.md §1: the string to sign, its HMAC, and the comparison the server makes.
///
/// The API's auth middleware verifies with these functions and `RequestSigner`, the tests and the CLI sign with
/// them, so a client and the server cannot disagree about the canonical form.
public enum RequestSignature {
    /// The six lines of API.md §1 joined by `\n`, without a trailing newline:
    /// METHOD, PATH, CANONICAL_QUERY, TIMESTAMP, NONCE, BODY_SHA256.
    ///
    /// - Parameters:
    ///   - method: any case; upper-cased here (`get` signs as `GET`).
    ///   - path: the path exactly as sent on the wire (still percent-encoded), without `?` and the query.
    ///   - rawQuery: the text after `?` exactly as sent, or nil when the target has no `?`. A target ending in a
    ///     bare `?` (empty query) signs the same as one without a query: both give an empty line.
    ///   - timestamp: the `X-Api-Timestamp` header value, verbatim.
    ///   - nonce: the `X-Api-Nonce` header value, or nil (an empty line) when the header is absent.
    ///   - body: the raw body bytes; empty when there is no body.
    public static func stringToSign(
        method: String,
        path: String,
        rawQuery: String?,
        timestamp: String,
        nonce: String?,
        body: some Collection<UInt8>
    ) -> String {
        [
            method.uppercased(),
            path,
            canonicalQuery(rawQuery),
            timestamp,
            nonce ?? "",
            bodySHA256(body),
        ].joined(separator: "\n")
    }

    /// Splits a request target as written on the request line (`/path?query`) at its first `?`.
    ///
    /// `rawQuery` is nil when there is no `?` and empty for a bare trailing `?`; both sign the same. For tools that
    /// take a URL's path and query as one string, such as the `open-api sign` CLI.
    public static func splitTarget(_ target: String) -> (path: String, rawQuery: String?) {
        guard let question = target.firstIndex(of: "?") else { return (target, nil) }
        return (String(target[..<question]), String(target[target.index(after: question)...]))
    }

    /// CANONICAL_QUERY: the query's `name=value` pairs exactly as sent, sorted, joined by `&`.
    ///
    /// - Pairs are split on `&`; empty pairs (`a=1&&b=2`, a leading or trailing `&`) are dropped.
    /// - Each pair splits into name and value at its first `=`; a pair without `=` (`flag`) counts as name `flag`
    ///   with an empty value for sorting but is written back as sent (`flag`, not `flag=`). Nothing is decoded
    ///   or re-encoded: `x%2Fy` stays `x%2Fy`, `+` stays `+`.
    /// - Sorting is by name, then value, comparing UTF-8 bytes (ordinal, not locale or Unicode-collation order;
    ///   for percent-encoded ASCII this is plain ASCII order, so `B` sorts before `a`). Pairs equal in both name
    ///   and value keep the order they were sent in (a stable sort), which is also what a client sorting with
    ///   Python's `sorted` or JavaScript's `Array.prototype.sort` produces.
    public static func canonicalQuery(_ rawQuery: String?) -> String {
        guard let rawQuery, !rawQuery.isEmpty else { return "" }
        let pairs = rawQuery.split(separator: "&", omittingEmptySubsequences: true).enumerated().map {
            offset, text in QueryPair(text: text, offset: offset)
        }
        return pairs.sorted(by: QueryPair.precedes).map { String($0.text) }.joined(separator: "&")
    }

    /// BODY_SHA256: lowercase hex SHA-256 of the raw body (of the empty string when there is no body).
    public static func bodySHA256(_ body: some Collection<UInt8>) -> String {
        var hasher = SHA256()
        let hashedInPlace: Void? = body.withContiguousStorageIfAvailable { hasher.update(bufferPointer: .init($0)) }
        if hashedInPlace == nil {
            hasher.update(data: Array(body))
        }
        return ByteEncoding.lowercaseHex(hasher.finalize())
    }

    /// The `X-Api-Signature` value: lowercase hex HMAC-SHA256 with the api key's UTF-8 bytes as the key.
    public static func signature(stringToSign: String, apiKey: String) -> String {
        let key = SymmetricKey(data: Array(apiKey.utf8))
        let code = HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key)
        return ByteEncoding.lowercaseHex(code)
    }

    /// Compares a received signature with the expected one in time that does not depend on where they differ.
    ///
    /// Every byte is visited and differences are OR-ed together, so an attacker timing responses learns nothing
    /// about how long a prefix matched. Only the lengths are compared up front: the expected length is public
    /// (always 64 hex characters). Comparison is exact, so upper-case hex does not match (API.md §1 says lower).
    public static func isValid(signature: String, expected: String) -> Bool {
        let received = Array(signature.utf8)
        let wanted = Array(expected.utf8)
        guard received.count == wanted.count else { return false }
        var difference: UInt8 = 0
        for index in received.indices {
            difference |= received[index] ^ wanted[index]
        }
        return difference == 0
    }
}

/// One `name=value` pair of a raw query, with what is needed to sort it canonically.
private struct QueryPair {
    let text: Substring
    let name: Substring
    let value: Substring
    let offset: Int

    init(text: Substring, offset: Int) {
        self.text = text
        self.offset = offset
        if let equals = text.firstIndex(of: "=") {
            name = text[..<equals]
            value = text[text.index(after: equals)...]
        } else {
            name = text
            value = ""
        }
    }

    /// Name, then value, by UTF-8 bytes; the original position breaks ties so the order is total and stable.
    static func precedes(_ lhs: QueryPair, _ rhs: QueryPair) -> Bool {
        if !lhs.name.utf8.elementsEqual(rhs.name.utf8) {
            return lhs.name.utf8.lexicographicallyPrecedes(rhs.name.utf8)
        }
        if !lhs.value.utf8.elementsEqual(rhs.value.utf8) {
            return lhs.value.utf8.lexicographicallyPrecedes(rhs.value.utf8)
        }
        return lhs.offset < rhs.offset
    }
}
