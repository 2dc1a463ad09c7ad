import ArgumentParser
import Shared

/// `open-api binding-codes create`: a binding code for a tenant, for an operator who installs docks for it.
struct BindingCodesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "binding-codes",
        abstract: "Create binding codes that bind docks to a tenant (typed into DJI Pilot 2).",
        subcommands: [Create.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a binding code and print it with the organization id and name to type beside it."
        )

        @Option(help: "Tenant name or id.")
        var tenant: String

        @Option(help: "How long the code is valid, in seconds (3600 to 2592000; default 604800, 7 days).")
        var ttlSeconds: Int = BindingCode.defaultTTLSeconds

        func validate() throws {
            guard BindingCode.ttlRange.contains(ttlSeconds) else {
                throw ValidationError("--ttl-seconds must be from 3600 (1 hour) to 2592000 (30 days)")
            }
        }

        func run() async throws {
            struct Output: Encodable {
                var issued: BindingCodeIssuer.Issued
                var tenant: String

                func encode(to encoder: any Encoder) throws {
                    try issued.encode(to: encoder)
                    var container = encoder.container(keyedBy: CodingKeys.self)
                    try container.encode(tenant, forKey: .tenant)
                }

                enum CodingKeys: String, CodingKey { case tenant }
            }
            let output = try await OperatorDatabase.withConnection { connection in
                let tenant = try await OperatorDatabase.tenant(tenant, on: connection)
                let issued = try await BindingCodeIssuer.issue(
                    tenantID: tenant.id, ttlSeconds: ttlSeconds, createdBy: "operator"
                ) { try await connection.query($0) }
                return Output(issued: issued, tenant: tenant.name)
            }
            print(try OperatorOutput.json(output))
        }
    }
}
