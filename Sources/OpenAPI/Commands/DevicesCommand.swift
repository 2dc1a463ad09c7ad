import ArgumentParser
import Shared

/// `open-api devices assign`: binds a device to a tenant on an operator's word, for devices that are not bound
/// through dock binding.
struct DevicesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devices",
        abstract: "Operator actions on devices.",
        subcommands: [Assign.self]
    )

    struct Assign: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Assign a device (and the aircraft behind a dock) to a tenant; prints the SNs changed."
        )

        @Option(help: "Serial number of the device (a dock's SN also moves its aircraft).")
        var sn: String

        @Option(help: "Tenant name or id.")
        var tenant: String

        func validate() throws {
            guard !sn.isEmpty, !sn.contains("/"), !sn.contains("+"), !sn.contains("#") else {
                throw ValidationError("--sn must be a device serial number (no '/', '+' or '#')")
            }
        }

        func run() async throws {
            struct Output: Encodable {
                var tenant: String
                var devices: [String]
            }
            let output = try await OperatorDatabase.withConnection { connection in
                let tenant = try await OperatorDatabase.tenant(tenant, on: connection)
                let rows = try await connection.query(DeviceQueries.assign(sn: sn, tenantID: tenant.id))
                return Output(tenant: tenant.name, devices: try rows.map { try $0.decode(String.self, column: "sn") })
            }
            print(try OperatorOutput.json(output))
        }
    }
}
