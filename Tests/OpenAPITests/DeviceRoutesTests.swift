import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Shared
import Testing

@testable import OpenAPI

@Suite struct DeviceRoutesTests {
    @Test func listsTheTenantsDevicesPageByPageWithFilters() async throws {
        let fixture = try await APIFixture.make()
        let acme = try await fixture.tenant("acme")
        let signer = try await fixture.client(tenant: acme)
        for index in 1...5 { try await fixture.assign(sn: "DOCK-\(index)", to: acme) }
        try await fixture.database.withConnection { connection in
            try await connection.query(
                "INSERT INTO devices (sn, gateway_sn, tenant_id, domain, type, sub_type, online) VALUES ('AIR-1', 'DOCK-1', \(acme.id), 0, 100, 1, true)"
            )
        }
        try await fixture.app().test(.router) { client in
            var seen: [String] = []
            var target = "/api/v1/open/devices?limit=2"
            for _ in 0..<10 {
                let page = try await client.send(.get, target, headers: signer.headers(.get, target))
                #expect(page.status == .ok)
                guard case .array(let items)? = page.json?["items"] else { break }
                #expect(items.count <= 2)
                seen += items.compactMap { $0["sn"]?.stringValue }
                guard case .string(let cursor)? = page.json?["next_cursor"] else { break }
                target = "/api/v1/open/devices?limit=2&cursor=\(cursor)"
            }
            #expect(seen == ["AIR-1", "DOCK-1", "DOCK-2", "DOCK-3", "DOCK-4", "DOCK-5"])

            let online = "/api/v1/open/devices?online=true"
            let onlineItems = try await client.send(.get, online, headers: signer.headers(.get, online)).json?["items"]
            #expect(onlineItems == .array([try #require(try await onlineDevice(client, signer))]))

            let byModel = "/api/v1/open/devices?model=Matrice%204TD"
            let modelItems = try await client.send(.get, byModel, headers: signer.headers(.get, byModel)).json?["items"]
            guard case .array(let matched)? = modelItems else {
                Issue.record("no items")
                return
            }
            #expect(matched.map { $0["sn"] } == [.string("AIR-1")])

            let children = "/api/v1/open/devices?gateway_sn=DOCK-1"
            let childItems = try await client.send(.get, children, headers: signer.headers(.get, children)).json?[
                "items"]
            guard case .array(let gatewayChildren)? = childItems else {
                Issue.record("no items")
                return
            }
            #expect(gatewayChildren.map { $0["sn"] } == [.string("AIR-1")])

            let detail = "/api/v1/open/devices/DOCK-1"
            let dock = try await client.send(.get, detail, headers: signer.headers(.get, detail)).json
            guard case .array(let subDevices)? = dock?["sub_devices"] else {
                Issue.record("no sub_devices")
                return
            }
            #expect(subDevices.map { $0["sn"] } == [.string("AIR-1")])
            #expect(subDevices.first?["model_key"] == .string("0-100-1"))
            #expect(dock?["gateway_sn"] == .null)
        }
        try await fixture.drop()
    }

    private func onlineDevice(_ client: some TestClientProtocol, _ signer: RequestSigner) async throws -> JSONValue? {
        let target = "/api/v1/open/devices/DOCK-1"
        let dock = try await client.send(.get, target, headers: signer.headers(.get, target)).json
        guard case .array(let subDevices)? = dock?["sub_devices"] else { return nil }
        return subDevices.first
    }

    @Test(arguments: ["limit=0", "limit=201", "limit=abc", "online=maybe", "cursor=%%%"])
    func badQueryParametersAreInvalidFields(query: String) async throws {
        let fixture = try await APIFixture.make()
        let signer = try await fixture.client(tenant: try await fixture.tenant("acme"))
        try await fixture.app().test(.router) { client in
            let target = "/api/v1/open/devices?\(query)"
            let response = try await client.send(.get, target, headers: signer.headers(.get, target))
            #expect(response.status == .badRequest)
            #expect(response.json?.errorCode == "INVALID_FIELD")
            #expect(response.json?["error"]?["field"] == .string(String(query.prefix { $0 != "=" })))
        }
        try await fixture.drop()
    }
}
