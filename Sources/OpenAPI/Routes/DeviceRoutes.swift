import Foundation
import HTTPTypes
import Hummingbird
import Shared

/// API.md §5: `GET /api/v1/open/devices` and `GET /api/v1/open/devices/{sn}`, scope `open:device:read`.
/// A device of another tenant (or of none) answers 404 exactly like one that does not exist.
struct DeviceRoutes: Sendable {
    let pool: PostgresPool

    func add(to router: Router<APIRequestContext>, table: RouteTable) {
        router.on(.get, "/api/v1/open/devices", recordedIn: table) { request, context in
            try await list(request, context: context)
        }
        router.on(.get, "/api/v1/open/devices/{sn}", recordedIn: table) { _, context in
            try await detail(context: context)
        }
    }

    private func list(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<DeviceList> {
        let client = try context.client(with: .deviceRead)
        let page = try Pagination(request)
        let query = request.uri.queryParameters
        var online: Bool?
        if let text = query["online"] {
            guard let value = Bool(String(text)) else {
                throw APIError.invalidField("online", "online must be true or false")
            }
            online = value
        }
        let modelKeys = query["model"].map { model in
            let model = String(model)
            let keys = DJIModel.keys(forName: model)
            return keys.isEmpty ? [model] : keys
        }
        let rows = try await pool.query(
            DeviceQueries.list(
                tenantID: client.tenantID,
                online: online,
                gatewaySN: query["gateway_sn"].map(String.init),
                modelKeys: modelKeys,
                afterSN: page.after,
                limit: page.limit + 1
            )
        )
        let devices = try rows.map(DeviceRecord.init(row:))
        let items = devices.prefix(page.limit).map(DeviceBody.init)
        let next = devices.count > page.limit ? items.last.map { Pagination.encode($0.sn) } : nil
        return JSONResponse(DeviceList(items: Array(items), nextCursor: next))
    }

    private func detail(context: APIRequestContext) async throws -> JSONResponse<DeviceDetailBody> {
        let client = try context.client(with: .deviceRead)
        let sn = try context.parameters.require("sn")
        guard let row = try await pool.query(DeviceQueries.find(tenantID: client.tenantID, sn: sn)).first else {
            throw APIError(.notFound, "DEVICE_NOT_FOUND", "no device \(sn) in this tenant")
        }
        let device = try DeviceRecord(row: row)
        let subDevices = try await pool.query(DeviceQueries.subDevices(tenantID: client.tenantID, gatewaySN: sn))
            .map { DeviceBody(try DeviceRecord(row: $0)) }
        return JSONResponse(try DeviceDetailBody(device, subDevices: subDevices))
    }
}
