import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Shared

/// API.md §4: list and read device requests (scope `open:device-request:read`) and reply to the ones waiting
/// for the integrator (scope `open:device-request:reply`). A request of a device outside the caller's tenant
/// (or of a device that had no tenant when it asked) answers 404 exactly like one that does not exist.
struct DeviceRequestRoutes: Sendable {
    let pool: PostgresPool
    /// The clock a reply is checked against the request's `expires_at` with.
    let now: @Sendable () -> Date

    func add(to router: Router<APIRequestContext>, table: RouteTable) {
        router.on(.get, "/api/v1/open/device-requests", recordedIn: table) { request, context in
            try await list(request, context: context)
        }
        router.on(.get, "/api/v1/open/device-requests/{request_id}", recordedIn: table) { _, context in
            try await detail(context: context)
        }
        router.on(.post, "/api/v1/open/device-requests/{request_id}/reply", recordedIn: table) { request, context in
            try await reply(request, context: context)
        }
    }

    private func list(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<DeviceRequestList> {
        let client = try context.client(with: .deviceRequestRead)
        let page = try Pagination(request)
        var after: DeviceRequestCursor?
        if let position = page.after {
            guard let cursor = DeviceRequestCursor(text: position) else {
                throw APIError.invalidField("cursor", "cursor is not a cursor this API returned")
            }
            after = cursor
        }
        let query = request.uri.queryParameters
        // PostgreSQL text cannot hold U+0000 (%00): such a filter could match nothing and would fail as SQL.
        for name in ["vendor", "device_id", "request_type"]
        where query[Substring(name)].map(String.init)?.containsNUL == true {
            throw APIError.invalidField(name, "\(name) must not contain the NUL character")
        }
        let replyCode = query["reply_code"].map(String.init)
        if let replyCode, RequestReplyCode(rawValue: replyCode) == nil {
            let codes = RequestReplyCode.allCases.map(\.rawValue).joined(separator: ", ")
            throw APIError.invalidField("reply_code", "reply_code must be one of \(codes)")
        }
        let rows = try await pool.query(
            DeviceRequestQueries.list(
                tenantID: client.tenantID,
                vendor: query["vendor"].map(String.init),
                deviceSN: query["device_id"].map(String.init),
                requestType: query["request_type"].map(String.init),
                replyCode: replyCode,
                after: after,
                limit: page.limit + 1
            )
        )
        let records = try rows.map(DeviceRequestRecord.init(row:))
        let items = try records.prefix(page.limit).map(DeviceRequestBody.init)
        let next =
            records.count > page.limit ? records.prefix(page.limit).last.map { Pagination.encode($0.cursor.text) } : nil
        return JSONResponse(DeviceRequestList(items: items, nextCursor: next))
    }

    private func detail(context: APIRequestContext) async throws -> JSONResponse<DeviceRequestBody> {
        let client = try context.client(with: .deviceRequestRead)
        let id = try requestID(context)
        guard let row = try await pool.query(DeviceRequestQueries.find(tenantID: client.tenantID, requestID: id)).first
        else { throw APIError.requestNotFound(id) }
        return JSONResponse(try DeviceRequestBody(DeviceRequestRecord(row: row)))
    }

    /// Queues the reply in the request's row (locked, so two replies cannot both win), then wakes the bridge.
    private func reply(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<DeviceRequestBody> {
        let client = try context.client(with: .deviceRequestReply)
        let id = try requestID(context)
        let input = try ReplyInput(try await request.body.collect(upTo: context.maxUploadSize).readableBytesView)
        let at = now()
        let record = try await pool.transaction { connection in
            guard
                let row = try await connection.query(
                    DeviceRequestQueries.lockForReply(tenantID: client.tenantID, requestID: id)
                ).first
            else { throw APIError.requestNotFound(id) }
            let code = RequestReplyCode(rawValue: try row.decode(String.self, column: "reply_code")) ?? .failed
            var lifecycle = RequestReplyLifecycle(
                code: code, expiresAt: try row.decode(Date?.self, column: "expires_at"))
            switch lifecycle.reply(at: at) {
            case .queue:
                guard
                    let updated = try await connection.query(
                        DeviceRequestQueries.queueReply(
                            requestID: id, data: input.data, note: input.note, apiID: client.apiID, at: at)
                    ).first
                else { throw APIError.conflict(.alreadyReplied, id: id) }
                return try DeviceRequestRecord(row: updated)
            case .reject(let rejection):
                throw APIError.conflict(rejection, id: id)
            }
        }
        do {
            try await pool.query(
                NotificationQueries.notify(
                    .deviceRequestReplies, payload: NotificationChannel.payload(record.requestID))
            )
        } catch {
            // The bridge also scans every second: a lost notification only delays the reply.
            context.logger.warning("cannot notify the bridge of a reply", metadata: ["error": "\(error)"])
        }
        return JSONResponse(try DeviceRequestBody(record), status: .accepted)
    }

    /// The `{request_id}` of the path; text that is not a UUID names no request, so it is a 404 like any other.
    private func requestID(_ context: APIRequestContext) throws -> UUID {
        let text = try context.parameters.require("request_id")
        guard let id = UUID(uuidString: text) else {
            throw APIError(.notFound, "REQUEST_NOT_FOUND", "no device request \(text) in this tenant")
        }
        return id
    }
}

/// The body of `POST .../reply`: `data` (an object, published as the reply's `data`) and an optional
/// `reply_message` note.
struct ReplyInput: Sendable {
    var data: JSONValue
    var note: String?

    static let maximumNoteLength = 1000

    init(_ bytes: some Collection<UInt8>) throws {
        guard let body = JSONValue(parsing: bytes) else { throw APIError.malformedJSON("the body is not valid JSON") }
        guard case .object(let fields) = body else { throw APIError.malformedJSON("the body must be a JSON object") }
        guard let data = fields["data"], data != .null else {
            throw APIError.invalidField("data", "data is required: the object published as the reply's data")
        }
        guard case .object = data else { throw APIError.invalidField("data", "data must be a JSON object") }
        // PostgreSQL's jsonb and text cannot hold U+0000; an integrator's data is refused rather than altered.
        guard !data.containsNUL else {
            throw APIError.invalidField("data", "data must not contain the NUL character (\\u0000)")
        }
        self.data = data
        switch fields["reply_message"] {
        case nil, .null?:
            note = nil
        case .string(let text)?:
            guard !text.containsNUL else {
                throw APIError.invalidField("reply_message", "reply_message must not contain the NUL character")
            }
            guard text.count <= Self.maximumNoteLength else {
                throw APIError.invalidField(
                    "reply_message", "reply_message must be at most \(Self.maximumNoteLength) characters")
            }
            note = text
        default:
            throw APIError.invalidField("reply_message", "reply_message must be a string")
        }
    }
}

extension APIError {
    static func requestNotFound(_ id: UUID) -> APIError {
        APIError(.notFound, "REQUEST_NOT_FOUND", "no device request \(id.uuidString.lowercased()) in this tenant")
    }

    static func conflict(_ rejection: RequestReplyLifecycle.Rejection, id: UUID) -> APIError {
        let message =
            switch rejection {
            case .alreadyReplied: "device request \(id.uuidString.lowercased()) is not waiting for a reply"
            case .expired:
                "device request \(id.uuidString.lowercased()) expired: the device stopped waiting for a reply"
            }
        return APIError(.conflict, rejection.rawValue, message)
    }
}
