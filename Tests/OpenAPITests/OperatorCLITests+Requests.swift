import Foundation
import Shared
import TestSupport
import Testing

extension OperatorCLITests {
    @Test func bindingCodesAndRoutingOverridesFromTheCommandLine() async throws {
        let database = try await TestDatabase.migrated()
        _ = try run(["tenants", "create", "--name", "acme", "--organization-id", "org-1"], database: database)

        let created = try run(
            ["binding-codes", "create", "--tenant", "acme", "--ttl-seconds", "7200"], database: database)
        #expect(created.status == 0, "\(created.stderr)")
        let code = try #require(created.lines.first)
        #expect(code["binding_code"]?.stringValue?.count == BindingCode.length)
        #expect(code["organization_id"] == .string("org-1"))
        #expect(code["organization_name"] == .string("acme"))
        #expect(code["tenant"] == .string("acme"))
        let createdBy = try await database.withConnection { connection in
            try await connection.query("SELECT created_by FROM binding_codes").first?.decode(
                String.self, column: "created_by")
        }
        #expect(createdBy == "operator")

        let tooLong = try run(
            ["binding-codes", "create", "--tenant", "acme", "--ttl-seconds", "60"], database: database)
        #expect(tooLong.status != 0)
        #expect(tooLong.stderr.contains("--ttl-seconds"))
        let nobody = try run(["binding-codes", "create", "--tenant", "nobody"], database: database)
        #expect(nobody.status != 0)
        #expect(nobody.stderr.contains("no tenant named 'nobody'"))

        let set = try run(
            [
                "request-routing", "set", "--tenant", "acme", "--request-type", "storage_config_get", "--decision",
                "manual_reply_required",
            ], database: database)
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.lines.first?["decision"] == .string("manual_reply_required"))
        let listed = try run(["request-routing", "list", "--tenant", "acme"], database: database)
        #expect(listed.lines.map { $0["request_type"] } == [.string("storage_config_get")])
        let bad = try run(
            ["request-routing", "set", "--tenant", "acme", "--request-type", "x", "--decision", "maybe"],
            database: database)
        #expect(bad.status != 0)
        let cleared = try run(
            ["request-routing", "clear", "--tenant", "acme", "--request-type", "storage_config_get"], database: database
        )
        #expect(cleared.status == 0, "\(cleared.stderr)")
        #expect(try run(["request-routing", "list"], database: database).lines.isEmpty)
        let again = try run(
            ["request-routing", "clear", "--tenant", "acme", "--request-type", "storage_config_get"], database: database
        )
        #expect(again.status != 0)
        try await database.drop()
    }
}
