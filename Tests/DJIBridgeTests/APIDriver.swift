import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Shared
import TestSupport

@testable import OpenAPI

/// The API on the bridge test's database, for checking what docks did through what integrators see: tenants
/// and signed clients made with the operator CLI's queries, and requests signed as API.md §1 says.
struct APIDriver {
    static let masterKey = APIKeySealer.generateMasterKey()

    let database: TestDatabase

    func app(now: @escaping @Sendable () -> Date = { Date() }) async throws -> some ApplicationProtocol {
        var configuration = APIConfiguration(databaseURL: database.url, masterKey: Self.masterKey)
        configuration.port = 0
        configuration.databasePoolSize = 4
        return try await buildApplication(configuration: configuration, logger: Logger(label: "api"), now: now)
    }

    func tenant(_ name: String) async throws -> Tenant {
        try await database.withConnection { connection in
            let rows = try await connection.query(
                TenantQueries.insert(name: name, organizationID: "org-\(name)", organizationName: "\(name) Ops"))
            return try Tenant(row: rows[rows.startIndex])
        }
    }

    func client(tenant: Tenant) async throws -> RequestSigner {
        let apiID = APIKeyGenerator.generateAPIID()
        let apiKey = APIKeyGenerator.generateAPIKey()
        let sealed = try APIKeySealer(base64MasterKey: Self.masterKey).seal(apiKey: apiKey, apiID: apiID)
        try await database.withConnection { connection in
            try await connection.query(
                APIClientQueries.insert(
                    apiID: apiID, tenantID: tenant.id, sealedKey: sealed, scopes: Scope.allCases.map(\.rawValue),
                    description: "test")
            )
        }
        return RequestSigner(apiID: apiID, apiKey: apiKey)
    }
}

extension TestClientProtocol {
    /// Sends a request signed by `signer` and returns the status and the body parsed as JSON.
    func signed(
        _ method: HTTPRequest.Method,
        _ target: String,
        by signer: RequestSigner,
        body: String = ""
    ) async throws -> (status: HTTPResponse.Status, json: JSONValue?) {
        let (path, query) = RequestSignature.splitTarget(target)
        let signed = signer.sign(
            method: method.rawValue, path: path, rawQuery: query, body: Array(body.utf8),
            timestamp: Int64(Date().timeIntervalSince1970), nonce: Nonce.random())
        var headers = HTTPFields()
        for field in signed.fields { headers[HTTPField.Name(field.name)!] = field.value }
        return try await execute(
            uri: target, method: method, headers: headers, body: body.isEmpty ? nil : ByteBuffer(string: body)
        ) { ($0.status, JSONValue(parsing: $0.body.readableBytesView)) }
    }
}

extension JSONValue {
    /// The `items` of a list answer.
    var items: [JSONValue] {
        if case .array(let items)? = self["items"] { return items }
        return []
    }
}
