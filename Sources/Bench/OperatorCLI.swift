import Foundation
import Shared

/// The `open-api` operator commands, run as an operator would: the benchmark's tenant, API client and device
/// assignments go through the same CLI and checks as in production. The child inherits `DATABASE_URL` and
/// `DOCKGATE_MASTER_KEY`.
struct OperatorCLI {
    /// Path of the built `open-api` executable.
    var executable: String

    /// Creates a tenant named `name`.
    func createTenant(_ name: String) throws {
        _ = try run(["tenants", "create", "--name", name])
    }

    /// Creates an API client of `tenant` with `scopes` and returns its id and key.
    func createCredentials(tenant: String, scopes: [Scope]) throws -> RequestSigner {
        let output = try run(
            ["credentials", "create", "--tenant", tenant] + scopes.flatMap { ["--scope", $0.rawValue] })
        guard case .object(let object) = JSONValue(parsing: Array(output.utf8)),
            case .string(let apiID)? = object["api_id"], case .string(let apiKey)? = object["api_key"]
        else { throw BenchError("`open-api credentials create` printed no api_id and api_key: \(output)") }
        return RequestSigner(apiID: apiID, apiKey: apiKey)
    }

    /// Assigns the device `sn` to `tenant`; false when the device is not known yet.
    func assign(sn: String, tenant: String) throws -> Bool {
        let output = try run(["devices", "assign", "--sn", sn, "--tenant", tenant])
        guard case .object(let object) = JSONValue(parsing: Array(output.utf8)),
            case .array(let devices)? = object["devices"]
        else { throw BenchError("`open-api devices assign` printed something unexpected: \(output)") }
        return devices.contains(.string(sn))
    }

    /// Runs `open-api ARGUMENTS` and returns what it printed on standard output; throws with its standard error
    /// when it fails.
    private func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        let complaint = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchError(
                "open-api \(arguments.joined(separator: " ")) failed: \(String(decoding: complaint, as: UTF8.self))")
        }
        return String(decoding: printed, as: UTF8.self)
    }
}
