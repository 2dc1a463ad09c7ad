/// Why a request was refused: the API error code and a message a person can act on (API.md §2).
///
/// Messages name the header at fault but never echo the expected signature, the api key, or whether an api id
/// exists but is revoked (both read as unknown, so a caller cannot probe which ids were ever issued).
public struct AuthRejection: Error, Sendable, Equatable {
    public let code: AuthErrorCode
    public let message: String
    /// The header at fault when there is exactly one, for the error body's `field`.
    public let header: String?

    public init(code: AuthErrorCode, message: String, header: String? = nil) {
        self.code = code
        self.message = message
        self.header = header
    }

    public var httpStatus: Int { code.httpStatus }

    public static func missing(_ header: String, why: String = "is required") -> AuthRejection {
        AuthRejection(code: .missingAuth, message: "header \(header) \(why)", header: header)
    }

    static let unknownAPIID = AuthRejection(
        code: .unknownAPIID,
        message: "\(SignedRequestHeaders.apiIDName) is not a known, active API client",
        header: SignedRequestHeaders.apiIDName
    )

    static func timestampSkew(_ why: String) -> AuthRejection {
        AuthRejection(code: .timestampSkew, message: why, header: SignedRequestHeaders.timestampName)
    }

    static let badSignature = AuthRejection(
        code: .badSignature,
        message: "\(SignedRequestHeaders.signatureName) does not match the request; see API.md §1 for the string "
            + "to sign (method, path, sorted query, timestamp, nonce, body SHA-256)",
        header: SignedRequestHeaders.signatureName
    )

    /// For the server, after its nonce table reports that this client already used the nonce within 900 s.
    public static let nonceReplayed = AuthRejection(
        code: .nonceReplayed,
        message: "\(SignedRequestHeaders.nonceName) was already used by this client within the last "
            + "\(AuthenticationCheck.nonceReplayWindowSeconds) s; send a fresh nonce",
        header: SignedRequestHeaders.nonceName
    )

    /// For a route whose scope the authenticated client lacks (HTTP 403).
    public static func insufficientScope(_ needed: Scope) -> AuthRejection {
        AuthRejection(code: .insufficientScope, message: "this API client lacks the scope \(needed.rawValue)")
    }
}
