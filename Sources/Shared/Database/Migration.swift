import Crypto
import Foundation

/// One named step of the schema. Shipped migrations are never edited: a change is a new migration at the end
/// of `Migrations.all`. The checksum recorded when a migration is applied lets `Migrator` notice an edit.
public struct Migration: Sendable, Hashable {
    /// Sortable and unique, e.g. `0001_tenants_and_api_clients`.
    public var name: String
    /// Run one after another in the migration transaction. Separate statements, because libpq's extended
    /// protocol (`PQexecParams`) refuses several commands in one string.
    public var statements: [String]

    public init(_ name: String, _ statements: [String]) {
        self.name = name
        self.statements = statements
    }

    /// Lowercase hex SHA-256 of the statements, so an edited migration is detected on the next start.
    public var checksum: String {
        let digest = SHA256.hash(data: Data(statements.joined(separator: "\n;\n").utf8))
        return digest.map { String(format: "%02x", $0) }.joined()
    }
}
