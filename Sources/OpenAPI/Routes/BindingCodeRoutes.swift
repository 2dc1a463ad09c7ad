import Foundation
import HTTPTypes
import Hummingbird
import Shared

/// API.md §5 `POST /api/v1/open/binding-codes` (scope `open:device:bind`): a code that binds a dock to the
/// caller's tenant when its installer types it into DJI Pilot 2 with the tenant's organization id.
struct BindingCodeRoutes: Sendable {
    let pool: PostgresPool

    func add(to router: Router<APIRequestContext>, table: RouteTable) {
        router.on(.post, "/api/v1/open/binding-codes", recordedIn: table) { request, context in
            try await create(request, context: context)
        }
    }

    private func create(_ request: Request, context: APIRequestContext) async throws
        -> JSONResponse<BindingCodeIssuer.Issued>
    {
        let client = try context.client(with: .deviceBind)
        let ttl = try Self.ttlSeconds(try await request.body.collect(upTo: context.maxUploadSize).readableBytesView)
        let issued = try await BindingCodeIssuer.issue(
            tenantID: client.tenantID, ttlSeconds: ttl, createdBy: client.apiID
        ) {
            try await pool.query($0)
        }
        return JSONResponse(issued, status: .created)
    }

    /// `ttl_seconds` of the body (optional, 1 h to 30 days, default 7 days); an empty body takes the default.
    static func ttlSeconds(_ bytes: some Collection<UInt8>) throws -> Int {
        guard !bytes.isEmpty else { return BindingCode.defaultTTLSeconds }
        guard let body = JSONValue(parsing: bytes) else { throw APIError.malformedJSON("the body is not valid JSON") }
        guard case .object(let fields) = body else { throw APIError.malformedJSON("the body must be a JSON object") }
        let range = BindingCode.ttlRange
        let problem = APIError.invalidField(
            "ttl_seconds",
            "ttl_seconds must be a whole number of seconds from \(range.lowerBound) (1 hour) to \(range.upperBound) (30 days)"
        )
        switch fields["ttl_seconds"] {
        case nil, .null?:
            return BindingCode.defaultTTLSeconds
        case .integer(let value)?:
            guard let seconds = Int(exactly: value), range.contains(seconds) else { throw problem }
            return seconds
        case .double(let value)?:
            guard value.rounded() == value, let seconds = Int(exactly: value), range.contains(seconds) else {
                throw problem
            }
            return seconds
        default:
            throw problem
        }
    }
}
