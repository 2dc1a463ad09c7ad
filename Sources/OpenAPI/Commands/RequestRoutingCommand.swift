import ArgumentParser
import Foundation
import Shared

/// `open-api request-routing set|clear|list`: a tenant's overrides of who answers a device request method
/// (API.md §4 `routing_decision`).
struct RequestRoutingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request-routing",
        abstract: "Override, per tenant, whether the platform or the integrator answers a device request method.",
        subcommands: [Set.self, Clear.self, List.self]
    )

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Set a tenant's decision for a method; auto_reply only takes effect where the platform has an answer."
        )

        @Option(help: "Tenant name or id.")
        var tenant: String

        @Option(help: "The request method, e.g. storage_config_get.")
        var requestType: String

        @Option(help: "auto_reply or manual_reply_required.")
        var decision: String

        func validate() throws {
            guard !requestType.isEmpty else { throw ValidationError("--request-type must not be empty") }
            guard RoutingDecision(rawValue: decision) != nil else {
                throw ValidationError("--decision must be auto_reply or manual_reply_required")
            }
        }

        func run() async throws {
            let decision = RoutingDecision(rawValue: decision) ?? .manualReplyRequired
            let line = try await OperatorDatabase.withConnection { connection in
                let tenant = try await OperatorDatabase.tenant(tenant, on: connection)
                let rows = try await connection.query(
                    RequestRoutingQueries.set(tenantID: tenant.id, requestType: requestType, decision: decision))
                return try rows.map { try RoutingOutput(row: $0, tenantName: tenant.name) }
            }
            for output in line { print(try OperatorOutput.json(output)) }
        }
    }

    struct Clear: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a tenant's override of a method: the platform default applies again."
        )

        @Option(help: "Tenant name or id.")
        var tenant: String

        @Option(help: "The request method.")
        var requestType: String

        func run() async throws {
            let removed = try await OperatorDatabase.withConnection { connection in
                let tenant = try await OperatorDatabase.tenant(tenant, on: connection)
                return try await connection.query(
                    RequestRoutingQueries.clear(tenantID: tenant.id, requestType: requestType)
                ).count
            }
            guard removed > 0 else { throw OperatorError("tenant \(tenant) has no override for \(requestType)") }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List overrides as JSON, one per line.")

        @Option(help: "Only this tenant's overrides (name or id).")
        var tenant: String?

        func run() async throws {
            let lines = try await OperatorDatabase.withConnection { connection in
                var tenantID: UUID?
                var tenantName: String?
                if let tenant {
                    let found = try await OperatorDatabase.tenant(tenant, on: connection)
                    tenantID = found.id
                    tenantName = found.name
                }
                return try await connection.query(RequestRoutingQueries.list(tenantID: tenantID)).map {
                    try RoutingOutput(row: $0, tenantName: tenantName)
                }
            }
            for output in lines { print(try OperatorOutput.json(output)) }
        }
    }
}

/// An override as the operator commands print it.
struct RoutingOutput: Encodable {
    var tenantID: String
    var tenant: String?
    var requestType: String
    var decision: String
    var updatedAt: String

    init(row: PostgresRow, tenantName: String?) throws {
        tenantID = try row.decode(UUID.self, column: "tenant_id").uuidString.lowercased()
        tenant = tenantName
        requestType = try row.decode(String.self, column: "request_type")
        decision = try row.decode(String.self, column: "decision")
        updatedAt = RFC3339.string(try row.decode(Date.self, column: "updated_at"))
    }

    enum CodingKeys: String, CodingKey {
        case tenant, decision
        case tenantID = "tenant_id"
        case requestType = "request_type"
        case updatedAt = "updated_at"
    }
}
