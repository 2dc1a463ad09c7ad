import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Shared
import TestSupport

@testable import OpenAPI

/// A migrated database of its own with tenants and API clients created through the same queries the operator
/// CLI uses, and an app built on it whose clock the test controls.
struct APIFixture {
    static let masterKey = APIKeySealer.generateMasterKey()

    let database: TestDatabase
    let sealer: APIKeySealer

    static func make() async throws -> APIFixture {
        APIFixture(database: try await TestDatabase.migrated(), sealer: try APIKeySealer(base64MasterKey: masterKey))
    }

    var configuration: APIConfiguration {
        var configuration = APIConfiguration(databaseURL: database.url, masterKey: Self.masterKey)
        configuration.port = 0
        configuration.databasePoolSize = 4
        return configuration
    }

    func app(now: @escaping @Sendable () -> Date = { Date() }) async throws -> some ApplicationProtocol {
        try await buildApplication(configuration: configuration, logger: Logger(label: "test"), now: now)
    }

    @discardableResult
    func tenant(_ name: String) async throws -> Tenant {
        try await database.withConnection { connection in
            let rows = try await connection.query(
                TenantQueries.insert(name: name, organizationID: "org-\(name)", organizationName: name)
            )
            return try Tenant(row: rows[rows.startIndex])
        }
    }

    func client(tenant: Tenant, scopes: [Scope] = Scope.allCases) async throws -> RequestSigner {
        let apiID = APIKeyGenerator.generateAPIID()
        let apiKey = APIKeyGenerator.generateAPIKey()
        let sealed = try sealer.seal(apiKey: apiKey, apiID: apiID)
        try await database.withConnection { connection in
            try await connection.query(
                APIClientQueries.insert(
                    apiID: apiID,
                    tenantID: tenant.id,
                    sealedKey: sealed,
                    scopes: scopes.map(\.rawValue),
                    description: "test"
                )
            )
        }
        return RequestSigner(apiID: apiID, apiKey: apiKey)
    }

    func assign(sn: String, gatewaySN: String? = nil, to tenant: Tenant) async throws {
        try await database.withConnection { connection in
            try await connection.query(
                "INSERT INTO devices (sn, gateway_sn, domain, type, sub_type) VALUES (\(sn), \(gatewaySN), 3, 3, 0)"
            )
            try await connection.query(DeviceQueries.assign(sn: sn, tenantID: tenant.id))
        }
    }

    /// Registers a device of `tenant` as the device registry holds it (see `TestDatabase.device`).
    func device(
        sn: String, gatewaySN: String? = nil, modelKey: String? = DockModel.dock3.modelKey, online: Bool = true,
        tenant: Tenant
    ) async throws {
        try await database.device(
            sn: sn, gatewaySN: gatewaySN, modelKey: modelKey, online: online, tenantID: tenant.id)
    }

    func drop() async throws { try await database.drop() }
}

extension RequestSigner {
    /// The four headers for a request, signed at `timestamp`.
    func headers(
        _ method: HTTPRequest.Method,
        _ target: String,
        body: String = "",
        nonce: String? = Nonce.random(),
        timestamp: Int64 = Int64(Date().timeIntervalSince1970)
    ) -> HTTPFields {
        let (path, query) = RequestSignature.splitTarget(target)
        let signed = sign(
            method: method.rawValue,
            path: path,
            rawQuery: query,
            body: Array(body.utf8),
            timestamp: timestamp,
            nonce: nonce
        )
        var fields = HTTPFields()
        for field in signed.fields { fields[HTTPField.Name(field.name)!] = field.value }
        return fields
    }
}

extension TestClientProtocol {
    /// Sends a request and returns status, headers and the body parsed as JSON.
    func send(
        _ method: HTTPRequest.Method,
        _ uri: String,
        headers: HTTPFields = [:],
        body: String? = nil
    ) async throws -> (status: HTTPResponse.Status, headers: HTTPFields, json: JSONValue?) {
        try await execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) {
            ($0.status, $0.headers, JSONValue(parsing: $0.body.readableBytesView))
        }
    }
}

extension JSONValue {
    /// `error.code` of an API.md §2 body.
    var errorCode: String? { self["error"]?["code"]?.stringValue }
}
