import Foundation
import HTTPTypes
import Hummingbird
import Shared

/// The per-request context of the API: Hummingbird's core storage plus the API client the signature
/// middleware authenticated.
struct APIRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// Set by `SignatureMiddleware` on every `/api/v1/open/...` route; nil elsewhere.
    var client: APIClient?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// API.md §2: bodies over 1 MiB are refused with 413.
    var maxUploadSize: Int { 1 << 20 }

    /// The authenticated client, if it holds `scope`; else 403 `INSUFFICIENT_SCOPE`.
    func client(with scope: Scope) throws -> APIClient {
        guard let client else {
            // Only reachable if a signed route were registered outside the signature middleware's prefix.
            throw APIError(AuthRejection.missing(SignedRequestHeaders.apiIDName))
        }
        guard client.scopes.contains(scope) else { throw APIError(AuthRejection.insufficientScope(scope)) }
        return client
    }
}

/// The API client behind a signed request.
struct APIClient: Sendable, Hashable {
    var apiID: String
    var tenantID: UUID
    var scopes: Set<Scope>
}

extension APIError {
    /// API.md §1's 401s and 403, with the header at fault as `field`.
    init(_ rejection: AuthRejection) {
        self.init(
            HTTPResponse.Status(code: rejection.httpStatus),
            rejection.code.rawValue,
            rejection.message,
            field: rejection.header
        )
    }
}
