import Foundation

/// A command the API accepted, as it is inserted. The database chooses `id`, `tid` and `bid` (random UUIDs) and
/// `accepted_at`; the deadline is `accepted_at + timeoutSeconds`, all on the database's clock, the one clock the
/// deadline sweeper also reads.
public struct NewDownlinkCommand: Sendable, Hashable {
    public var tenantID: UUID
    public var apiID: String
    public var idempotencyKey: String
    /// Lowercase hex SHA-256 of the canonical request body (see `requestHash(of:)`).
    public var requestHash: String
    public var deviceSN: String
    /// Where the command is published: the device's gateway, or the device itself when it is a gateway.
    public var gatewaySN: String
    public var method: String
    /// The payload as the integrator sent it (JSON `null` when absent).
    public var payload: JSONValue
    public var timeoutSeconds: Int

    public init(
        tenantID: UUID, apiID: String, idempotencyKey: String, requestHash: String, deviceSN: String,
        gatewaySN: String, method: String, payload: JSONValue, timeoutSeconds: Int
    ) {
        self.tenantID = tenantID
        self.apiID = apiID
        self.idempotencyKey = idempotencyKey
        self.requestHash = requestHash
        self.deviceSN = deviceSN
        self.gatewaySN = gatewaySN
        self.method = method
        self.payload = payload
        self.timeoutSeconds = timeoutSeconds
    }

    /// The hash that decides whether a repeated `idempotency_key` comes with "the same body" (API.md §3): SHA-256
    /// of the body re-encoded compactly with sorted keys, so whitespace and key order do not make two bodies
    /// differ, while any value that differs does.
    public static func requestHash(of body: JSONValue) -> String {
        RequestSignature.bodySHA256(Array(body.jsonText.utf8))
    }
}
