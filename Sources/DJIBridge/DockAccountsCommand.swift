import ArgumentParser
import Foundation
import Logging
import MQTTClient
import Shared

/// `dji-bridge dock-accounts create|rotate|revoke|list`: docks' broker accounts in mosquitto's dynamic security
/// plugin, made before a dock is installed (it must log in to the broker before it can bind).
///
/// Reads the bridge's environment (`MQTT_URL` with the bridge's account, `DATABASE_URL`,
/// `BROKER_DOCK_ACCOUNTS=dynamic-security`). Passwords are printed once and stored nowhere.
struct DockAccountsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dock-accounts",
        abstract: "Create, rotate, revoke and list docks' broker accounts (mosquitto dynamic security).",
        subcommands: [Create.self, Rotate.self, Revoke.self, List.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a dock's account (user name = SN) and print its password as JSON, this once."
        )

        @Option(help: "The dock's serial number.")
        var sn: String

        func run() async throws {
            let credentials = try await DockAccountsCommand.withManager { try await $0.create(sn: sn) }
            try DockAccountsCommand.print(credentials)
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give a dock a new password (printed as JSON, this once); the dock is disconnected."
        )

        @Option(help: "The dock's serial number.")
        var sn: String

        func run() async throws {
            let credentials = try await DockAccountsCommand.withManager { try await $0.rotate(sn: sn) }
            try DockAccountsCommand.print(credentials)
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a dock's account and role; the dock is disconnected and cannot log in again."
        )

        @Option(help: "The dock's serial number.")
        var sn: String

        func run() async throws {
            try await DockAccountsCommand.withManager { try await $0.revoke(sn: sn) }
            FileHandle.standardError.write(Data("revoked the broker account of \(sn)\n".utf8))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List docks with accounts as JSON: the SNs their roles cover, and whether the broker has them."
        )

        func run() async throws {
            let accounts = try await DockAccountsCommand.withManager { try await $0.list() }
            try DockAccountsCommand.print(accounts)
        }
    }

    /// Connects to the database and to the broker's `$CONTROL` topic for one command.
    static func withManager<T: Sendable>(_ body: @Sendable (DockAccountManager) async throws -> T) async throws -> T {
        let configuration = try BridgeConfiguration(environment: .process)
        guard configuration.dockAccounts == .dynamicSecurity else {
            throw OperatorFailure(
                "BROKER_DOCK_ACCOUNTS is '\(configuration.dockAccounts.rawValue)'; dock accounts need "
                    + "'dynamic-security' (mosquitto with its dynamic security plugin)")
        }
        var logger = Logger(label: "dji-bridge.dock-accounts")
        logger.logLevel = .warning
        var mqtt = configuration.mqtt.controlConnection
        // Unique, so the CLI never takes over the running bridge's control connection.
        mqtt.clientID += "-cli-\(UUID().uuidString.prefix(8))"
        let pool = PostgresPool(connectionString: configuration.databaseURL, maxConnections: 1, logger: logger)
        do {
            let status = try await pool.withConnection { try await Migrator().status(on: $0) }
            guard status.isCurrent else { throw SchemaNotCurrentError(status: status) }
            let result = try await DynamicSecurityClient.withClient(
                configuration: mqtt, timeout: configuration.brokerControlTimeout, logger: logger
            ) { client in
                try await body(DockAccountManager(client: client, pool: pool))
            }
            await pool.close()
            return result
        } catch {
            await pool.close()
            throw error
        }
    }

    static func print(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        Swift.print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}
