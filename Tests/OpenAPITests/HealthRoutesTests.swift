import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Shared
import TestSupport
import Testing

@testable import OpenAPI

@Suite struct HealthRoutesTests {
    func configuration(_ databaseURL: String) -> APIConfiguration {
        var configuration = APIConfiguration(databaseURL: databaseURL, masterKey: APIFixture.masterKey)
        configuration.port = 0
        return configuration
    }

    @Test func readyOnceTheDatabaseIsMigrated() async throws {
        let database = try await TestDatabase.migrated()
        let app = try await buildApplication(configuration: configuration(database.url), logger: Logger(label: "test"))
        try await app.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == #"{"status":"ok"}"#)
            }
        }
        try await database.drop()
    }

    @Test func notReadyWhileMigrationsArePending() async throws {
        let database = try await TestDatabase.create()
        let app = try await buildApplication(configuration: configuration(database.url), logger: Logger(label: "test"))
        // `.router` runs no services, so the start-up migration does not happen here.
        try await app.test(.router) { client in
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let body = JSONValue(parsing: response.body.readableBytesView)
                #expect(body?.errorCode == "NOT_READY")
                #expect(body?["error"]?["message"]?.stringValue?.contains("open-api migrate") == true)
            }
        }
        try await database.drop()
    }

    @Test func notReadyWhenTheDatabaseIsUnreachable() async throws {
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        let app = try await buildApplication(
            configuration: configuration("postgresql://postgres@127.0.0.1:1/dockgate?connect_timeout=2"),
            logger: Logger(label: "test")
        )
        try await app.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body).contains("database unreachable"))
            }
        }
    }

    @Test func migratesAtStartUpAndThenBecomesReady() async throws {
        let database = try await TestDatabase.create()
        let app = try await buildApplication(configuration: configuration(database.url), logger: Logger(label: "test"))
        try await app.test(.live) { client in
            var status: HTTPResponse.Status = .serviceUnavailable
            let deadline = ContinuousClock.now + .seconds(20)
            while status != .ok && ContinuousClock.now < deadline {
                status = try await client.execute(uri: "/readyz", method: .get) { $0.status }
                if status != .ok { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(status == .ok)
        }
        let current = try await database.withConnection { try await Migrator().status(on: $0).isCurrent }
        #expect(current)
        try await database.drop()
    }
}
