import ArgumentParser
import Foundation
import Shared

/// `open-api tenants create|list`.
struct TenantsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenants",
        abstract: "Create and list tenants (integrators).",
        subcommands: [Create.self, List.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a tenant and print it as JSON.")

        @Option(help: "Unique name of the tenant.")
        var name: String

        @Option(help: "DJI organization id docks bind to (default: a new UUID).")
        var organizationID: String?

        @Option(help: "DJI organization name shown in DJI Pilot 2 when binding (default: the tenant name).")
        var organizationName: String?

        func validate() throws {
            guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ValidationError("--name must not be empty")
            }
        }

        func run() async throws {
            let tenant = try await OperatorDatabase.withConnection { connection in
                do {
                    let row = try await connection.query(
                        TenantQueries.insert(
                            name: name,
                            organizationID: organizationID ?? UUID().uuidString.lowercased(),
                            organizationName: organizationName ?? name
                        )
                    )
                    guard let first = row.first else { throw OperatorError("the database returned no tenant row") }
                    return try Tenant(row: first)
                } catch let error as PostgresError where error.sqlState == "23505" {
                    throw OperatorError("a tenant with that name or DJI organization id exists already")
                }
            }
            print(try OperatorOutput.json(TenantOutput(tenant)))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tenants as JSON, one per line.")

        func run() async throws {
            let tenants = try await OperatorDatabase.withConnection { connection in
                try await connection.query(TenantQueries.list()).map(Tenant.init(row:))
            }
            for tenant in tenants { print(try OperatorOutput.json(TenantOutput(tenant))) }
        }
    }
}

/// A tenant as operator commands print it.
struct TenantOutput: Encodable {
    var id: String
    var name: String
    var organizationID: String
    var organizationName: String
    var createdAt: String

    init(_ tenant: Tenant) {
        id = tenant.id.uuidString.lowercased()
        name = tenant.name
        organizationID = tenant.organizationID
        organizationName = tenant.organizationName
        createdAt = RFC3339.string(tenant.createdAt)
    }

    enum CodingKeys: String, CodingKey {
        case id, name
        case organizationID = "organization_id"
        case organizationName = "organization_name"
        case createdAt = "created_at"
    }
}
