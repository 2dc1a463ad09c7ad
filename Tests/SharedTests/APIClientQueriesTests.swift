import Foundation
import Logging
import TestSupport
import Testing

@testable import Shared

/// The nonce record behind NONCE_REPLAYED, against a real database.
@Suite struct APIClientQueriesTests {
    @Test func aNonceIsSingleUseWithinTheWindowAndPrunedAfterIt() async throws {
        let database = try await TestDatabase.migrated()
        try await database.withConnection { connection in
            let tenant = try Tenant(
                row: try await connection.query(
                    TenantQueries.insert(name: "t", organizationID: "o", organizationName: "t"))[0])
            try await connection.query(
                APIClientQueries.insert(
                    apiID: "ak_1", tenantID: tenant.id, sealedKey: [1, 2, 3], scopes: ["open:device:read"],
                    description: "")
            )
            let first = try await connection.query(
                APIClientQueries.recordNonce(apiID: "ak_1", nonce: "n-12345678", windowSeconds: 900))
            #expect(first.count == 1)
            let replay = try await connection.query(
                APIClientQueries.recordNonce(apiID: "ak_1", nonce: "n-12345678", windowSeconds: 900))
            #expect(replay.isEmpty)

            // Age the record past the window: the nonce may be used again, and pruning removes old rows.
            try await connection.query("UPDATE api_nonces SET seen_at = now() - interval '901 seconds'")
            let reuse = try await connection.query(
                APIClientQueries.recordNonce(apiID: "ak_1", nonce: "n-12345678", windowSeconds: 900))
            #expect(reuse.count == 1)
            try await connection.query("UPDATE api_nonces SET seen_at = now() - interval '901 seconds'")
            let pruned = try await connection.query(APIClientQueries.pruneNonces(windowSeconds: 900))
            #expect(pruned.affectedRows == 1)
        }
        try await database.drop()
    }
}
