import Foundation

/// The ordered authentication checks of API.md §1 as two pure stages; the middleware only does the IO between
/// them (looking up the client, recording the nonce), so the order of the checks lives here alone:
///
/// ```swift
/// switch AuthenticationCheck.start(headers: headers, method: method) {
/// case .rejected(let rejection):
///     throw rejection                                   // MISSING_AUTH
/// case .lookUpClient(let check):
///     let lookup = try await lookUpClient(check.apiID)  // IO: .unknown, .revoked or .found(client, apiKey:)
///     switch check.finish(lookup: lookup, now: Date(), path: path, rawQuery: query, body: body) {
///     case .rejected(let rejection):
///         throw rejection                               // UNKNOWN_API_ID, TIMESTAMP_SKEW, BAD_SIGNATURE
///     case .authenticated(let request):
///         // IO: NONCE_REPLAYED when `request.nonceToRecord` was already recorded for this client within
///         // `nonceReplayWindowSeconds`; then each route checks its `Scope` (INSUFFICIENT_SCOPE).
///     }
/// }
/// ```
public struct AuthenticationCheck: Sendable, Equatable {
    /// A timestamp more than this many seconds from the server clock, either way, is refused; exactly 300 passes.
    public static let maximumClockSkewSeconds: Int64 = 300

    /// How long the server must remember a client's nonce. Any replay older than this also fails the skew check
    /// (the signed timestamp is then at least 900 − 300 = 600 s old), so older nonces can be forgotten.
    public static let nonceReplayWindowSeconds: Int64 = 900

    /// The methods on which API.md §1 requires `X-Api-Nonce` (compared upper-cased).
    public static let methodsRequiringNonce: Set<String> = ["POST", "PUT", "PATCH", "DELETE"]

    /// The `X-Api-Id` to look up between the two stages.
    public let apiID: String
    let method: String
    let timestamp: String
    let nonce: String?
    let signature: String

    /// The result of the first stage.
    public enum Start: Sendable, Equatable {
        /// Refuse with this (always `MISSING_AUTH`) without touching the database.
        case rejected(AuthRejection)
        /// Look up `check.apiID`, then call `check.finish`.
        case lookUpClient(AuthenticationCheck)
    }

    /// Stage 1, `MISSING_AUTH`: the id, timestamp and signature are present, and so is a nonce on a mutating method.
    ///
    /// A nonce that is present but not 8–128 characters of `[A-Za-z0-9._-]` is refused as `MISSING_AUTH` on every
    /// method, GET included: API.md §1 has no code for a malformed header and "no usable nonce" is closest to a
    /// missing one; accepting it on GET would sign a value the replay table may not be able to store.
    public static func start(headers: SignedRequestHeaders, method: String) -> Start {
        let method = method.uppercased()
        // The properties are settable, so an empty value can bypass the initializer's empty-means-absent rule:
        // apply it again here, where it matters.
        let headers = SignedRequestHeaders(
            apiID: headers.apiID,
            timestamp: headers.timestamp,
            nonce: headers.nonce,
            signature: headers.signature
        )
        guard let apiID = headers.apiID else {
            return .rejected(.missing(SignedRequestHeaders.apiIDName))
        }
        guard let timestamp = headers.timestamp else {
            return .rejected(.missing(SignedRequestHeaders.timestampName))
        }
        if let nonce = headers.nonce {
            guard Nonce.isWellFormed(nonce) else {
                return .rejected(
                    .missing(SignedRequestHeaders.nonceName, why: "must be 8–128 characters of [A-Za-z0-9._-]")
                )
            }
        } else if methodsRequiringNonce.contains(method) {
            return .rejected(.missing(SignedRequestHeaders.nonceName, why: "is required on \(method)"))
        }
        guard let signature = headers.signature else {
            return .rejected(.missing(SignedRequestHeaders.signatureName))
        }
        return .lookUpClient(
            AuthenticationCheck(
                apiID: apiID,
                method: method,
                timestamp: timestamp,
                nonce: headers.nonce,
                signature: signature
            )
        )
    }

    /// Stage 2: `UNKNOWN_API_ID`, then `TIMESTAMP_SKEW`, then `BAD_SIGNATURE`, in that order.
    ///
    /// - Parameters:
    ///   - now: the server clock in whole Unix seconds.
    ///   - path, rawQuery, body: the request as received; see `RequestSignature.stringToSign`.
    public func finish<Client: Sendable>(
        lookup: ClientLookup<Client>,
        now: Int64,
        path: String,
        rawQuery: String?,
        body: some Collection<UInt8>
    ) -> AuthenticationOutcome<Client> {
        guard case .found(let client, let apiKey) = lookup else {
            return .rejected(.unknownAPIID)
        }
        guard let seconds = Self.parseTimestamp(timestamp) else {
            return .rejected(
                .timestampSkew("\(SignedRequestHeaders.timestampName) must be whole Unix seconds in decimal"))
        }
        let (difference, overflow) = now.subtractingReportingOverflow(seconds)
        guard !overflow, difference.magnitude <= Self.maximumClockSkewSeconds.magnitude else {
            return .rejected(
                .timestampSkew(
                    "\(SignedRequestHeaders.timestampName) is more than \(Self.maximumClockSkewSeconds) s from the "
                        + "server clock (server time \(now)); check the client's clock"
                )
            )
        }
        let expected = RequestSignature.signature(
            stringToSign: stringToSign(path: path, rawQuery: rawQuery, body: body),
            apiKey: apiKey
        )
        guard RequestSignature.isValid(signature: signature, expected: expected) else {
            return .rejected(.badSignature)
        }
        return .authenticated(
            AuthenticatedRequest(client: client, apiID: apiID, timestamp: seconds, nonceToRecord: nonce)
        )
    }

    /// Stage 2 with the server clock as a `Date`, compared in whole seconds (rounded down) like the header.
    public func finish<Client: Sendable>(
        lookup: ClientLookup<Client>,
        now: Date,
        path: String,
        rawQuery: String?,
        body: some Collection<UInt8>
    ) -> AuthenticationOutcome<Client> {
        finish(lookup: lookup, now: UnixTime.seconds(now), path: path, rawQuery: rawQuery, body: body)
    }

    /// The string this request must have signed, from its own method, timestamp and nonce (for debug logging).
    public func stringToSign(path: String, rawQuery: String?, body: some Collection<UInt8>) -> String {
        RequestSignature.stringToSign(
            method: method,
            path: path,
            rawQuery: rawQuery,
            timestamp: timestamp,
            nonce: nonce,
            body: body
        )
    }

    /// Decimal ASCII digits only: `+5`, `-5`, ` 5`, `5.0` and values past `Int64.max` are not "Unix time in whole
    /// seconds, decimal" and read as `TIMESTAMP_SKEW`.
    static func parseTimestamp(_ text: String) -> Int64? {
        guard text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        return Int64(text)
    }
}

/// What the server found for an `X-Api-Id`; a revoked client reads as unknown (`UNKNOWN_API_ID`).
public enum ClientLookup<Client: Sendable>: Sendable {
    case unknown
    case revoked
    /// An active client, with its api key opened from the database (see `APIKeySealer`).
    case found(Client, apiKey: String)
}

/// The result of the second stage.
public enum AuthenticationOutcome<Client: Sendable>: Sendable {
    case authenticated(AuthenticatedRequest<Client>)
    case rejected(AuthRejection)
}

/// A request whose signature checked out; the nonce replay check (`NONCE_REPLAYED`) is still to come.
public struct AuthenticatedRequest<Client: Sendable>: Sendable {
    public let client: Client
    public let apiID: String
    /// The signed `X-Api-Timestamp`, in Unix seconds.
    public let timestamp: Int64
    /// The nonce the server must record for this client and refuse if seen within `nonceReplayWindowSeconds`;
    /// nil only on a GET sent without a nonce. A GET that sends one is recorded too, so it cannot be replayed.
    public let nonceToRecord: String?
}
