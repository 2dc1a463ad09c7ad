import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Metrics
import Shared

/// API.md §1 on every `/api/v1/open/...` route except the OpenAPI document: the pure checks of
/// `AuthenticationCheck` with the IO they need in between — the client lookup, opening its sealed key, and the
/// nonce replay record — and a counter of refusals by code for `/metrics`.
struct SignatureMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    static let protectedPrefix = "/api/v1/open/"
    static let unsignedPaths: Set<String> = ["/api/v1/open/openapi.yaml"]

    let pool: PostgresPool
    let sealer: APIKeySealer
    /// Injected so tests can put the server clock where they need it.
    let now: @Sendable () -> Date

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let path = request.uri.path
        guard path.hasPrefix(Self.protectedPrefix), !Self.unsignedPaths.contains(path) else {
            return try await next(request, context)
        }
        do {
            var request = request
            var context = context
            context.client = try await authenticate(&request, context: context)
            return try await next(request, context)
        } catch let rejection as AuthRejection {
            Counter(label: "dockgate_auth_failures_total", dimensions: [("code", rejection.code.rawValue)]).increment()
            context.logger.info("request refused", metadata: ["auth.code": "\(rejection.code.rawValue)"])
            throw APIError(rejection)
        }
    }

    private func authenticate(_ request: inout Request, context: Context) async throws -> APIClient {
        let headers = SignedRequestHeaders(
            apiID: request.headers[.apiID],
            timestamp: request.headers[.apiTimestamp],
            nonce: request.headers[.apiNonce],
            signature: request.headers[.apiSignature]
        )
        let check: AuthenticationCheck
        switch AuthenticationCheck.start(headers: headers, method: request.method.rawValue) {
        case .rejected(let rejection): throw rejection
        case .lookUpClient(let found): check = found
        }
        // The body is part of the signature; keeping it on the request lets the route read it again.
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let lookup = try await lookUpClient(check.apiID, logger: context.logger)
        let outcome = check.finish(
            lookup: lookup,
            now: now(),
            path: request.uri.path,
            rawQuery: request.uri.query,
            body: body.readableBytesView
        )
        switch outcome {
        case .rejected(let rejection):
            if rejection.code == .badSignature {
                context.logger.debug(
                    "signature mismatch",
                    metadata: [
                        "auth.string_to_sign":
                            "\(check.stringToSign(path: request.uri.path, rawQuery: request.uri.query, body: body.readableBytesView))"
                    ]
                )
            }
            throw rejection
        case .authenticated(let authenticated):
            if let nonce = authenticated.nonceToRecord {
                let recorded = try await pool.query(
                    APIClientQueries.recordNonce(
                        apiID: authenticated.apiID,
                        nonce: nonce,
                        windowSeconds: Int(AuthenticationCheck.nonceReplayWindowSeconds)
                    )
                )
                guard !recorded.isEmpty else { throw AuthRejection.nonceReplayed }
            }
            return authenticated.client
        }
    }

    private func lookUpClient(_ apiID: String, logger: Logger) async throws -> ClientLookup<APIClient> {
        guard let row = try await pool.query(APIClientQueries.find(apiID: apiID)).first else { return .unknown }
        let record = try APIClientRecord(row: row)
        guard record.revokedAt == nil else { return .revoked }
        let apiKey: String
        do {
            apiKey = try sealer.open(record.sealedKey, apiID: record.apiID)
        } catch {
            // Not the client's fault: the operator runs with another DOCKGATE_MASTER_KEY than the one this key
            // was sealed with. A 500 (request id only) tells the client to ask; the log tells the operator why.
            logger.error(
                "cannot open the API key of a client: is DOCKGATE_MASTER_KEY the one it was created with?",
                metadata: ["api.id": "\(apiID)", "error": "\(error)"]
            )
            throw error
        }
        return .found(
            APIClient(
                apiID: record.apiID, tenantID: record.tenantID,
                scopes: Set(record.scopes.compactMap(Scope.init(rawValue:)))),
            apiKey: apiKey
        )
    }
}

extension HTTPField.Name {
    static let apiID = HTTPField.Name(SignedRequestHeaders.apiIDName)!
    static let apiTimestamp = HTTPField.Name(SignedRequestHeaders.timestampName)!
    static let apiNonce = HTTPField.Name(SignedRequestHeaders.nonceName)!
    static let apiSignature = HTTPField.Name(SignedRequestHeaders.signatureName)!
}
