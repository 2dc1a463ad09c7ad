import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Shared
import Testing

@testable import OpenAPI

@Suite struct ErrorMappingTests {
    @Test func unknownRoutesAre404InTheErrorShape() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.app().test(.router) { client in
            let response = try await client.send(.get, "/no/such/route")
            #expect(response.status == .notFound)
            #expect(response.json?.errorCode == "NOT_FOUND")
            #expect(response.json?["error"]?["message"]?.stringValue?.isEmpty == false)
            #expect(response.headers[.requestID]?.isEmpty == false)
        }
        try await fixture.drop()
    }

    @Test func wrongMethodsAre405WithAllow() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.app().test(.router) { client in
            let response = try await client.send(.delete, "/readyz")
            #expect(response.status == .methodNotAllowed)
            #expect(response.json?.errorCode == "METHOD_NOT_ALLOWED")
            #expect(response.headers[.allow] == "GET")
        }
        try await fixture.drop()
    }

    @Test func signedRoutesNeedASignatureButTheDocumentDoesNot() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.app().test(.router) { client in
            let unsigned = try await client.send(.get, "/api/v1/open/devices")
            #expect(unsigned.status == .unauthorized)
            #expect(unsigned.json?.errorCode == "MISSING_AUTH")
            #expect(unsigned.headers[.requestID]?.isEmpty == false)
            // Unknown paths under the signed prefix are refused before the router says 404: nothing about
            // the API's shape leaks to a caller without a key.
            #expect(try await client.send(.get, "/api/v1/open/nothing-here").json?.errorCode == "MISSING_AUTH")
            try await client.execute(uri: "/api/v1/open/openapi.yaml", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).hasPrefix("openapi: 3.1.0"))
            }
        }
        try await fixture.drop()
    }
}

@Suite struct DatabaseDownTests {
    @Test func aSignedRouteAnswers503WhenTheDatabaseIsUnreachable() async throws {
        var configuration = APIConfiguration(
            databaseURL: "postgresql://postgres@127.0.0.1:1/dockgate?connect_timeout=2",
            masterKey: APIFixture.masterKey
        )
        configuration.port = 0
        let app = try await buildApplication(configuration: configuration, logger: .init(label: "test"))
        let signer = RequestSigner(apiID: "ak_any", apiKey: "key")
        try await app.test(.router) { client in
            let response = try await client.send(
                .get, "/api/v1/open/devices", headers: signer.headers(.get, "/api/v1/open/devices"))
            #expect(response.status == .serviceUnavailable)
            #expect(response.json?.errorCode == "NOT_READY")
            #expect(response.json?["error"]?["message"] == .string("database unreachable"))
        }
    }
}
