import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Shared

/// API.md §3: create a command, read it (with a long poll), list them, and the catalog. A command of another
/// tenant answers 404 exactly like one that does not exist.
struct DownlinkCommandRoutes: Sendable {
    let pool: PostgresPool
    let hub: NotificationHub
    /// False with `DOCKGATE_NOTIFICATIONS=off`: the bridge then finds new commands by its scan.
    var notifiesBridge = true

    func add(to router: Router<APIRequestContext>, table: RouteTable) {
        router.on(.post, "/api/v1/open/downlink/commands", recordedIn: table) { request, context in
            try await create(request, context: context)
        }
        router.on(.get, "/api/v1/open/downlink/commands", recordedIn: table) { request, context in
            try await list(request, context: context)
        }
        router.on(.get, "/api/v1/open/downlink/commands/{command_id}", recordedIn: table) { request, context in
            try await detail(request, context: context)
        }
        router.on(.get, "/api/v1/open/downlink/command-types", recordedIn: table) { _, context in
            _ = try context.client(with: .downlinkCommandRead)
            return JSONResponse(Self.catalog)
        }
    }

    /// Commits the command, then notifies the bridge in a statement of its own (a NOTIFY inside the insert's
    /// transaction would serialise every create on PostgreSQL's notify lock). A lost notification costs at most
    /// the bridge's scan interval; the 201 is only sent once the row is committed.
    private func create(_ request: Request, context: APIRequestContext) async throws
        -> JSONResponse<CommandCreatedBody>
    {
        let client = try context.client(with: .downlinkCommandWrite)
        let bytes = try await request.body.collect(upTo: context.maxUploadSize)
        // Not JSON: DecodingError, which ErrorMappingMiddleware answers as 400 MALFORMED_JSON.
        let body = try JSONDecoder().decode(JSONValue.self, from: Data(bytes.readableBytesView))
        let command = try await CommandRequest.validate(body) { sn in
            try await pool.query(DownlinkCommandQueries.target(tenantID: client.tenantID, sn: sn)).first
                .map(CommandTarget.init(row:))
        }
        let new = NewDownlinkCommand(
            tenantID: client.tenantID, apiID: client.apiID, idempotencyKey: command.idempotencyKey,
            requestHash: NewDownlinkCommand.requestHash(of: body), deviceSN: command.target.sn,
            gatewaySN: command.target.gatewaySN, method: command.commandType.method, payload: command.payload,
            timeoutSeconds: command.timeoutSeconds)
        let (record, created) = try await pool.withConnection { connection in
            if let row = try await connection.query(DownlinkCommandQueries.insert(new)).first {
                let record = try DownlinkCommandRecord(row: row)
                do {
                    if notifiesBridge {
                        try await connection.query(NotificationQueries.notify(.downlinkCommands, ids: [record.id]))
                    }
                } catch {
                    context.logger.warning(
                        "cannot notify the bridge of a new command; its scan will find it",
                        metadata: ["command.id": "\(NotificationChannel.payload(record.id))", "error": "\(error)"])
                }
                return (record, true)
            }
            // The key was used: by an earlier request, or by a concurrent one whose insert this one waited for.
            let rows = try await connection.query(
                DownlinkCommandQueries.find(apiID: client.apiID, idempotencyKey: new.idempotencyKey))
            guard let row = rows.first else { throw IdempotencyRaceError() }
            return (try DownlinkCommandRecord(row: row), false)
        }
        if created {
            context.logger.info(
                "command accepted",
                metadata: [
                    "command.id": "\(NotificationChannel.payload(record.id))", "dji.method": "\(record.method)",
                    "dji.device": "\(record.deviceSN)",
                ])
            return JSONResponse(CommandCreatedBody(record), status: .created)
        }
        guard record.requestHash == new.requestHash else {
            throw APIError(
                .conflict, "IDEMPOTENCY_CONFLICT",
                "idempotency_key \(new.idempotencyKey) was already used with a different body", field: "idempotency_key"
            )
        }
        var response = JSONResponse(CommandCreatedBody(record))
        response.headers[.idempotentReplayed] = "true"
        return response
    }

    private func detail(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<CommandBody> {
        let client = try context.client(with: .downlinkCommandRead)
        let text = try context.parameters.require("command_id")
        let wait = try LongPoll.waitSeconds(request)
        guard let id = UUID(uuidString: text) else { throw Self.notFound(text) }
        let read = {
            try await pool.query(DownlinkCommandQueries.find(tenantID: client.tenantID, id: id)).first
                .map(DownlinkCommandRecord.init(row:))
        }
        let record: DownlinkCommandRecord?
        if let wait {
            let payload = NotificationChannel.payload(id)
            record = try await hub.waitUntil(
                .downlinkCommandStatus, payload: { $0 == payload }, deadline: .now + .seconds(wait), read: read,
                isDone: { $0?.status.isTerminal ?? true })
        } else {
            record = try await read()
        }
        guard let record else { throw Self.notFound(text) }
        return JSONResponse(CommandBody(record: record))
    }

    private func list(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<CommandList> {
        let client = try context.client(with: .downlinkCommandRead)
        let page = try Pagination(request)
        let query = request.uri.queryParameters
        var status: CommandStatus?
        if let text = query["status"] {
            guard let value = CommandStatus(rawValue: String(text)) else {
                let names = CommandStatus.allCases.map(\.rawValue).joined(separator: ", ")
                throw APIError.invalidField("status", "status must be one of \(names)")
            }
            status = value
        }
        var beforeSeq: Int64?
        if let after = page.after {
            guard let seq = Int64(after) else {
                throw APIError.invalidField("cursor", "cursor is not a cursor this API returned")
            }
            beforeSeq = seq
        }
        let records = try await pool.query(
            DownlinkCommandQueries.list(
                tenantID: client.tenantID, deviceSN: query["device_id"].map(String.init),
                method: query["command_type"].map(String.init), status: status, beforeSeq: beforeSeq,
                limit: page.limit + 1)
        ).map(DownlinkCommandRecord.init(row:))
        let items = records.prefix(page.limit)
        let next = records.count > page.limit ? items.last.map { Pagination.encode(String($0.seq)) } : nil
        return JSONResponse(CommandList(items: items.map { CommandBody(record: $0) }, nextCursor: next))
    }

    private static func notFound(_ id: String) -> APIError {
        APIError(.notFound, "COMMAND_NOT_FOUND", "no command \(id) in this tenant")
    }

    /// `GET /downlink/command-types`: the whole catalog, built once.
    static let catalog: JSONValue = .object(["items": .array(CommandCatalog.all.map(\.catalogItem))])

    /// The insert found the key taken but the row is not there: only possible if it was deleted in between.
    struct IdempotencyRaceError: Error, CustomStringConvertible {
        var description: String { "idempotency key conflict without a command row" }
    }
}

extension HTTPField.Name {
    /// Set on a 200 that answers a repeated `POST /downlink/commands` with the original response.
    static let idempotentReplayed = HTTPField.Name("Idempotent-Replayed")!
}
