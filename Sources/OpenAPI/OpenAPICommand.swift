import ArgumentParser

/// `open-api`: the signed REST surface, and the operator's tool for the schema.
@main
struct OpenAPICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open-api",
        abstract: "dockgate's signed REST API for DJI docks.",
        subcommands: [
            ServeCommand.self, MigrateCommand.self, TenantsCommand.self, CredentialsCommand.self, DevicesCommand.self,
            BindingCodesCommand.self, RequestRoutingCommand.self, SignCommand.self,
        ],
        defaultSubcommand: ServeCommand.self
    )
}
