import Foundation

/// Signs requests as an API client: the tests and the `open-api sign` CLI use it to produce the four headers.
public struct RequestSigner: Sendable {
    public let apiID: String
    public let apiKey: String

    public init(apiID: String, apiKey: String) {
        self.apiID = apiID
        self.apiKey = apiKey
    }

    /// The headers for one request; see `RequestSignature.stringToSign` for what each argument means.
    ///
    /// - Parameter nonce: pass `Nonce.random()` for every request (required on POST/PUT/PATCH/DELETE); nil
    ///   leaves the header out, which the server only accepts on GET.
    public func sign(
        method: String,
        path: String,
        rawQuery: String? = nil,
        body: some Collection<UInt8> = [UInt8](),
        timestamp: Int64,
        nonce: String?
    ) -> SignedRequestHeaders {
        let timestampText = String(timestamp)
        let text = RequestSignature.stringToSign(
            method: method,
            path: path,
            rawQuery: rawQuery,
            timestamp: timestampText,
            nonce: nonce,
            body: body
        )
        return SignedRequestHeaders(
            apiID: apiID,
            timestamp: timestampText,
            nonce: nonce,
            signature: RequestSignature.signature(stringToSign: text, apiKey: apiKey)
        )
    }

    /// As above, with the timestamp taken from `date` in whole Unix seconds (rounded down).
    public func sign(
        method: String,
        path: String,
        rawQuery: String? = nil,
        body: some Collection<UInt8> = [UInt8](),
        date: Date,
        nonce: String?
    ) -> SignedRequestHeaders {
        sign(
            method: method,
            path: path,
            rawQuery: rawQuery,
            body: body,
            timestamp: UnixTime.seconds(date),
            nonce: nonce
        )
    }
}
