import Foundation
import HTTPTypes
import Hummingbird
import Shared

/// API.md §5: `GET /api/v1/open/events`, scope `open:event:read` — the tenant's device events in arrival
/// order, followed with `after`; `next_cursor` is always present so a client can follow the feed forever.
/// With `wait_seconds` it answers as soon as there is an event after the cursor (woken by the bridge's NOTIFY
/// through the hub, never by polling the database), or with an empty page when the wait is over.
struct EventRoutes: Sendable {
    let pool: PostgresPool
    let hub: NotificationHub

    func add(to router: Router<APIRequestContext>, table: RouteTable) {
        router.on(.get, "/api/v1/open/events", recordedIn: table) { request, context in
            try await feed(request, context: context)
        }
    }

    private func feed(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<EventPage> {
        let client = try context.client(with: .eventRead)
        let page = try Pagination(request, defaultLimit: 100, maximum: 500, cursorParameter: "after")
        var afterID: Int64 = 0
        if let after = page.after {
            guard let id = Int64(after), id >= 0 else {
                throw APIError.invalidField("after", "after is not a cursor this API returned")
            }
            afterID = id
        }
        let wait = try LongPoll.waitSeconds(request)
        let query = request.uri.queryParameters
        let feed = EventQueries.feed(
            tenantID: client.tenantID,
            afterID: afterID,
            deviceSN: query["device_id"].map(String.init),
            method: query["method"].map(String.init),
            limit: page.limit
        )
        let read = { try await pool.query(feed).map(DeviceEventRecord.init(row:)) }
        let events: [DeviceEventRecord]
        if let wait {
            events = try await hub.waitUntil(
                .deviceEvents, payload: { _ in true }, deadline: .now + .seconds(wait), read: read,
                isDone: { !$0.isEmpty })
        } else {
            events = try await read()
        }
        let items = try events.map(EventBody.init)
        return JSONResponse(EventPage(items: items, nextCursor: Pagination.encode(String(events.last?.id ?? afterID))))
    }
}

/// One event as API.md §5 shows it.
struct EventBody: Encodable, Sendable {
    var eventID: String
    var deviceID: String
    var gatewaySN: String?
    var method: String
    var bid: String?
    var tid: String?
    var needReply: Bool
    var data: JSONValue
    var receivedAt: String

    init(_ event: DeviceEventRecord) throws {
        eventID = event.eventID.uuidString.lowercased()
        deviceID = event.deviceSN
        gatewaySN = event.gatewaySN
        method = event.method
        bid = event.bid
        tid = event.tid
        needReply = event.needReply
        data = try event.data.decode(JSONValue.self)
        receivedAt = RFC3339.string(event.receivedAt)
    }

    enum CodingKeys: String, CodingKey {
        case method, bid, tid, data
        case eventID = "event_id"
        case deviceID = "device_id"
        case gatewaySN = "gateway_sn"
        case needReply = "need_reply"
        case receivedAt = "received_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(eventID, forKey: .eventID)
        try container.encode(deviceID, forKey: .deviceID)
        try container.encode(gatewaySN, forKey: .gatewaySN)
        try container.encode(method, forKey: .method)
        try container.encode(bid, forKey: .bid)
        try container.encode(tid, forKey: .tid)
        try container.encode(needReply, forKey: .needReply)
        try container.encode(data, forKey: .data)
        try container.encode(receivedAt, forKey: .receivedAt)
    }
}

typealias EventPage = Page<EventBody>
