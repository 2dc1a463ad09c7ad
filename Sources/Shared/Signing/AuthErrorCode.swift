/// The error codes of API.md §1, in the order the server checks them (scope last, after authentication).
public enum AuthErrorCode: String, CaseIterable, Sendable, Codable {
    case missingAuth = "MISSING_AUTH"
    case unknownAPIID = "UNKNOWN_API_ID"
    case timestampSkew = "TIMESTAMP_SKEW"
    case badSignature = "BAD_SIGNATURE"
    case nonceReplayed = "NONCE_REPLAYED"
    case insufficientScope = "INSUFFICIENT_SCOPE"

    /// 401 for every authentication failure; 403 when the signature was valid but the scope is missing.
    public var httpStatus: Int {
        self == .insufficientScope ? 403 : 401
    }
}
