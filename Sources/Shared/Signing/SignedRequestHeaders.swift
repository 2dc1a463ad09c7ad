/// The four authentication headers of API.md §1 as values, with their names.
///
/// The server reads them into this type (absent or empty header → nil) and `RequestSigner` produces them.
public struct SignedRequestHeaders: Sendable, Equatable {
    public static let apiIDName = "X-Api-Id"
    public static let timestampName = "X-Api-Timestamp"
    public static let nonceName = "X-Api-Nonce"
    public static let signatureName = "X-Api-Signature"

    public var apiID: String?
    public var timestamp: String?
    public var nonce: String?
    public var signature: String?

    /// Empty strings are stored as nil: an empty header carries nothing to check, so it counts as absent
    /// (and an empty nonce signs as the same empty line as an absent one).
    public init(apiID: String?, timestamp: String?, nonce: String?, signature: String?) {
        self.apiID = apiID.flatMap(Self.nonEmpty)
        self.timestamp = timestamp.flatMap(Self.nonEmpty)
        self.nonce = nonce.flatMap(Self.nonEmpty)
        self.signature = signature.flatMap(Self.nonEmpty)
    }

    /// The headers to send, in a fixed order; the nonce is left out when there is none.
    public var fields: [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = []
        if let apiID { fields.append((Self.apiIDName, apiID)) }
        if let timestamp { fields.append((Self.timestampName, timestamp)) }
        if let nonce { fields.append((Self.nonceName, nonce)) }
        if let signature { fields.append((Self.signatureName, signature)) }
        return fields
    }

    private static func nonEmpty(_ value: String) -> String? {
        value.isEmpty ? nil : value
    }
}
