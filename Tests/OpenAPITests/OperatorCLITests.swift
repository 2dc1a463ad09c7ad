import Foundation
import Shared
import TestSupport
import Testing

/// The operator commands as an operator runs them: the built `open-api` binary in a child process, against
/// a real database, judged by exit status, stdout and stderr.
extension BuiltBinary.Run {
    /// Each stdout line parsed as JSON.
    var lines: [JSONValue] { stdout.split(separator: "\n").compactMap { JSONValue(parsing: Array($0.utf8)) } }
}

@Suite struct OperatorCLITests {
    typealias Run = BuiltBinary.Run

    /// `open-api` sits next to the test bundle in the build folder.
    static var binary: URL { BuiltBinary.url("open-api") }

    func run(_ arguments: [String], database: TestDatabase, masterKey: String = APIFixture.masterKey) throws -> Run {
        try BuiltBinary.run(
            "open-api", arguments, environment: ["DATABASE_URL": database.url, "DOCKGATE_MASTER_KEY": masterKey])
    }

    @Test func tenantsAndCredentialsRoundTrip() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build open-api first")
        let database = try await TestDatabase.migrated()

        let created = try run(
            ["tenants", "create", "--name", "acme", "--organization-id", "org-1"], database: database)
        #expect(created.status == 0, "\(created.stderr)")
        let tenant = try #require(created.lines.first)
        #expect(tenant["name"] == .string("acme"))
        #expect(tenant["organization_id"] == .string("org-1"))
        #expect(tenant["organization_name"] == .string("acme"))

        let duplicate = try run(["tenants", "create", "--name", "acme"], database: database)
        #expect(duplicate.status != 0)
        #expect(duplicate.stderr.contains("exists already"))

        let listed = try run(["tenants", "list"], database: database)
        #expect(listed.lines.map { $0["name"] } == [.string("acme")])

        let credential = try run(
            ["credentials", "create", "--tenant", "acme", "--scope", "open:device:read", "--scope", "open:event:read"],
            database: database
        )
        #expect(credential.status == 0, "\(credential.stderr)")
        let client = try #require(credential.lines.first)
        let apiID = try #require(client["api_id"]?.stringValue)
        let apiKey = try #require(client["api_key"]?.stringValue)
        #expect(apiID.hasPrefix("ak_"))
        #expect(apiKey.count == 43)
        #expect(client["scopes"] == .array([.string("open:device:read"), .string("open:event:read")]))

        // The key is stored sealed: neither the key nor its bytes appear in the row.
        let sealed = try await database.withConnection { connection in
            try await connection.query("SELECT encode(sealed_key, 'escape') AS raw FROM api_clients").first?
                .decode(String.self, column: "raw")
        }
        #expect(sealed?.contains(apiKey) == false)

        let clients = try run(["credentials", "list", "--tenant", "acme"], database: database)
        #expect(clients.lines.map { $0["api_id"] } == [.string(apiID)])
        #expect(clients.lines.first?["api_key"] == nil)
        #expect(clients.lines.first?["revoked_at"] == .null)

        let revoked = try run(["credentials", "revoke", apiID], database: database)
        #expect(revoked.status == 0, "\(revoked.stderr)")
        #expect(revoked.lines.first?["revoked_at"]?.stringValue != nil)
        let again = try run(["credentials", "revoke", apiID], database: database)
        #expect(again.status != 0)
        #expect(again.stderr.contains("already revoked"))

        try await database.drop()
    }

    @Test func badArgumentsAreRefusedWithAReason() async throws {
        let database = try await TestDatabase.migrated()
        _ = try run(["tenants", "create", "--name", "acme"], database: database)

        let badScope = try run(
            ["credentials", "create", "--tenant", "acme", "--scope", "open:everything"], database: database)
        #expect(badScope.status != 0)
        #expect(badScope.stderr.contains("unknown scope 'open:everything'"))

        let noTenant = try run(
            ["credentials", "create", "--tenant", "nobody", "--scope", "open:device:read"], database: database)
        #expect(noTenant.status != 0)
        #expect(noTenant.stderr.contains("no tenant named 'nobody'"))

        let badKey = try run(
            ["credentials", "create", "--tenant", "acme", "--scope", "open:device:read"],
            database: database,
            masterKey: "too-short"
        )
        #expect(badKey.status != 0)
        #expect(badKey.stderr.contains("DOCKGATE_MASTER_KEY"))

        let unknownClient = try run(["credentials", "revoke", "ak_nothere"], database: database)
        #expect(unknownClient.status != 0)
        #expect(unknownClient.stderr.contains("no API client ak_nothere"))

        let assigned = try run(["devices", "assign", "--sn", "DOCK-9", "--tenant", "acme"], database: database)
        #expect(assigned.status == 0, "\(assigned.stderr)")
        #expect(assigned.lines.first?["devices"] == .array([.string("DOCK-9")]))
        let badSN = try run(["devices", "assign", "--sn", "a/b", "--tenant", "acme"], database: database)
        #expect(badSN.status != 0)

        try await database.drop()
    }
}
