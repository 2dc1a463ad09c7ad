import Foundation
import TestSupport
import Testing

@testable import Shared

/// `jsonb_merge_deep` (what the bridge's flush runs) must agree with `TelemetryMerge` (what its buffer runs):
/// merging deltas first and the result into the stored document must equal merging every message into it.
@Suite struct TelemetryMergeSQLTests {
    @Test func theDatabaseMergesExactlyLikeSwiftOverTheRecordedFlight() async throws {
        let database = try await TestDatabase.migrated()
        let files = [
            "thing__product__SN_DRONE_FIXTURE__osd.0001.prefix.jsonl",
            "thing__product__SN_DOCK_FIXTURE__osd.0001.prefix.jsonl",
            "thing__product__SN_DRONE_FIXTURE__state.0001.jsonl",
        ]
        let handmade: [JSONValue] = [
            .object([
                "a": .object(["b": .integer(1), "c": .object(["d": .integer(1), "e": .integer(2)])]),
                "x": .array([.integer(1)]),
            ]),
            .object(["a": .object(["c": .object(["e": .integer(3)])]), "x": .array([.integer(2)]), "y": .null]),
            .object(["a": .integer(5)]),
            .object(["a": .object(["fresh": .bool(true)])]),
        ]
        try await database.withConnection { connection in
            for updates in try files.map({ try Capture.lines($0).map { try DJIEnvelope(decoding: $0.payload).data } })
                + [handmade]
            {
                var swift: JSONValue = .object([:])
                var sql = PostgresJSON(text: "{}")
                for update in updates {
                    swift = TelemetryMerge.merge(update, into: swift)
                    sql = try await connection.query(
                        "SELECT jsonb_merge_deep(\(sql), \(PostgresJSON(text: update.jsonText))) AS merged"
                    )[0].decode(PostgresJSON.self, column: "merged")
                }
                #expect(try sql.decode(JSONValue.self) == swift)
            }
        }
        try await database.drop()
    }
}
