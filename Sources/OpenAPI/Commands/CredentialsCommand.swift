import ArgumentParser
import Foundation
import Shared

/// `open-api credentials create|list|revoke|generate-master-key`: API clients of tenants.
struct CredentialsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credentials",
        abstract: "Create, list and revoke API clients (api_id + api_key).",
        subcommands: [Create.self, List.self, Revoke.self, GenerateMasterKey.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an API client and print its api_id and api_key (shown this once) as JSON."
        )

        @Option(help: "Tenant name or id.")
        var tenant: String

        @Option(
            name: .customLong("scope"),
            help:
                "A scope to grant; repeat for several. One of: \(Scope.allCases.map(\.rawValue).joined(separator: ", "))."
        )
        var scopes: [String]

        @Option(help: "A note for operators: who uses this client.")
        var description: String = ""

        func validate() throws {
            guard !scopes.isEmpty else { throw ValidationError("give at least one --scope") }
            for scope in scopes where Scope(rawValue: scope) == nil {
                throw ValidationError(
                    "unknown scope '\(scope)'; scopes are \(Scope.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
        }

        func run() async throws {
            let sealer = try MasterKey.sealer()
            let apiID = APIKeyGenerator.generateAPIID()
            let apiKey = APIKeyGenerator.generateAPIKey()
            let sealed = try sealer.seal(apiKey: apiKey, apiID: apiID)
            let uniqueScopes = scopes.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            let tenantReference = tenant
            let (client, tenant) = try await OperatorDatabase.withConnection { connection in
                let tenant = try await OperatorDatabase.tenant(tenantReference, on: connection)
                let rows = try await connection.query(
                    APIClientQueries.insert(
                        apiID: apiID,
                        tenantID: tenant.id,
                        sealedKey: sealed,
                        scopes: uniqueScopes,
                        description: description
                    )
                )
                guard let row = rows.first else { throw OperatorError("the database returned no client row") }
                return (try APIClientRecord(row: row), tenant)
            }
            var output = CredentialOutput(client, tenantName: tenant.name)
            output.apiKey = apiKey
            print(try OperatorOutput.json(output))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List API clients as JSON, one per line (no keys).")

        @Option(help: "Only this tenant's clients (name or id).")
        var tenant: String?

        func run() async throws {
            let lines = try await OperatorDatabase.withConnection { connection in
                let tenants = Dictionary(
                    uniqueKeysWithValues: try await connection.query(TenantQueries.list()).map(Tenant.init(row:)).map {
                        ($0.id, $0.name)
                    }
                )
                var tenantID: UUID?
                if let tenant { tenantID = try await OperatorDatabase.tenant(tenant, on: connection).id }
                return try await connection.query(APIClientQueries.list(tenantID: tenantID)).map { row in
                    let client = try APIClientRecord(row: row)
                    return try OperatorOutput.json(CredentialOutput(client, tenantName: tenants[client.tenantID] ?? ""))
                }
            }
            for line in lines { print(line) }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke an API client: its next request is refused with UNKNOWN_API_ID."
        )

        @Argument(help: "The api_id to revoke.")
        var apiID: String

        func run() async throws {
            let client = try await OperatorDatabase.withConnection { connection in
                if let row = try await connection.query(APIClientQueries.revoke(apiID: apiID)).first {
                    return try APIClientRecord(row: row)
                }
                if try await connection.query(APIClientQueries.find(apiID: apiID)).first != nil {
                    throw OperatorError("API client \(apiID) is already revoked")
                }
                throw OperatorError("no API client \(apiID) (see `open-api credentials list`)")
            }
            print(try OperatorOutput.json(CredentialOutput(client, tenantName: nil)))
        }
    }

    struct GenerateMasterKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a new random DOCKGATE_MASTER_KEY (base64 of 32 bytes) for a new installation."
        )

        func run() {
            print(APIKeySealer.generateMasterKey())
        }
    }
}

/// `DOCKGATE_MASTER_KEY`: the key API keys are sealed with in the database.
enum MasterKey {
    static let variable = "DOCKGATE_MASTER_KEY"

    static func sealer(environment: Environment = .process) throws -> APIKeySealer {
        let value = try environment.required(variable)
        do {
            return try APIKeySealer(base64MasterKey: value)
        } catch {
            throw ConfigurationError(variable: variable, problem: "is not usable: \(error)")
        }
    }
}

/// An API client as operator commands print it; `api_key` only right after creation.
struct CredentialOutput: Encodable {
    var apiID: String
    var apiKey: String?
    var tenantID: String
    var tenantName: String?
    var scopes: [String]
    var description: String
    var createdAt: String
    var revokedAt: String?

    init(_ client: APIClientRecord, tenantName: String?) {
        apiID = client.apiID
        tenantID = client.tenantID.uuidString.lowercased()
        self.tenantName = tenantName
        scopes = client.scopes
        description = client.description
        createdAt = RFC3339.string(client.createdAt)
        revokedAt = client.revokedAt.map(RFC3339.string)
    }

    enum CodingKeys: String, CodingKey {
        case apiID = "api_id"
        case apiKey = "api_key"
        case tenantID = "tenant_id"
        case tenantName = "tenant"
        case scopes, description
        case createdAt = "created_at"
        case revokedAt = "revoked_at"
    }

    /// `revoked_at` is always written (null while active) so `jq 'select(.revoked_at == null)'` works; the key
    /// only when there is one.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(apiID, forKey: .apiID)
        try container.encodeIfPresent(apiKey, forKey: .apiKey)
        try container.encode(tenantID, forKey: .tenantID)
        try container.encodeIfPresent(tenantName, forKey: .tenantName)
        try container.encode(scopes, forKey: .scopes)
        try container.encode(description, forKey: .description)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(revokedAt, forKey: .revokedAt)
    }
}
