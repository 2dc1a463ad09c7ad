import Foundation
import Testing

@testable import Shared

/// Every supported type through a real server: bound with its OID, parsed by the type's input function,
/// written by its output function and decoded again; and NULL of each type.
@Suite struct PostgresCodableTests {
    /// Sends `value` and a NULL of its type, and returns what came back for `value`.
    private func roundTrip<T: PostgresCodable & Equatable>(
        _ value: T,
        on connection: PostgresConnection,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> T {
        let rows = try await connection.query("SELECT \(value) AS value, \(T?.none) AS missing")
        let row = try #require(rows.first, sourceLocation: sourceLocation)
        #expect(try row.decode(T?.self, column: "missing") == nil, sourceLocation: sourceLocation)
        #expect(throws: PostgresError.self, sourceLocation: sourceLocation) {
            try row.decode(T.self, column: "missing")
        }
        #expect(try row.decode(T?.self, column: "value") == value, sourceLocation: sourceLocation)
        return try row.decode(T.self, column: "value")
    }

    @Test func stringsKeepEveryCharacter() async throws {
        let connection = try await PostgresTestSupport.connect()
        for text in [
            "", "plain", "emoji 🚁🛰️👩🏽‍🚀", "中文 無人機 ドローン 드론", "Ünïcødé, עברית, العربية", "quote ' \" \\ $1 %s",
            "line\nbreak\ttab",
        ] {
            #expect(try await roundTrip(text, on: connection) == text)
        }
        await connection.close()
    }

    @Test func integersKeepTheirExtremes() async throws {
        let connection = try await PostgresTestSupport.connect()
        for value: Int64 in [.min, -1, 0, 1, .max] {
            #expect(try await roundTrip(value, on: connection) == value)
        }
        for value: Int in [.min, -42, .max] {
            #expect(try await roundTrip(value, on: connection) == value)
        }
        for value: Int32 in [.min, 0, .max] {
            #expect(try await roundTrip(value, on: connection) == value)
        }
        await connection.close()
    }

    @Test func booleansAndDoubles() async throws {
        let connection = try await PostgresTestSupport.connect()
        #expect(try await roundTrip(true, on: connection) == true)
        #expect(try await roundTrip(false, on: connection) == false)
        let doubles: [Double] = [
            0, -1.5, .pi, 1e-300, -2.2250738585072014e-308, .greatestFiniteMagnitude, .infinity, -.infinity,
        ]
        for value in doubles {
            #expect(try await roundTrip(value, on: connection) == value)
        }
        let nan = try #require(try await connection.query("SELECT \(Double.nan) AS value").first)
        #expect(try nan.decode(Double.self, column: "value").isNaN)
        await connection.close()
    }

    @Test func datesKeepMicroseconds() async throws {
        let connection = try await PostgresTestSupport.connect()
        // 2026-11-22 14:23:45.123456 UTC
        let date = Date(timeIntervalSinceReferenceDate: 817_050_225.123456)
        #expect(try await roundTrip(date, on: connection) == date)
        let sameInstant = try await connection.query(
            """
            SELECT \(date) = '2026-11-22 14:23:45.123456+00'::timestamptz AS same,
                '2026-11-22 15:23:45.123456+01'::timestamptz AS written
            """
        )
        let row = try #require(sameInstant.first)
        #expect(try row.decode(Bool.self, column: "same"))
        #expect(try row.decode(Date.self, column: "written") == date)
        let edges = [
            Date(timeIntervalSinceReferenceDate: -63_113_904_000),  // 0001-01-01
            Date(timeIntervalSinceReferenceDate: -63_113_904_000 - 366 * 86_400),  // 0001-01-01 BC
            Date.distantFuture,
            Date(timeIntervalSinceReferenceDate: .infinity),
            Date(timeIntervalSinceReferenceDate: 0.000001),
        ]
        for edge in edges {
            #expect(try await roundTrip(edge, on: connection) == edge)
        }
        await connection.close()
    }

    @Test func uuidsDecodeFromEitherCase() async throws {
        let connection = try await PostgresTestSupport.connect()
        let id = UUID()
        #expect(try await roundTrip(id, on: connection) == id)
        let upper = try #require(try await connection.query("SELECT \(id.uuidString.uppercased()) AS value").first)
        #expect(try upper.decode(UUID.self, column: "value") == id)
        await connection.close()
    }

    @Test func byteaKeepsEveryByte() async throws {
        let connection = try await PostgresTestSupport.connect()
        for data in [Data(), Data((0...255).map { UInt8($0) }), Data(repeating: 0, count: 70_000)] {
            #expect(try await roundTrip(data, on: connection) == data)
        }
        await connection.close()
    }

    @Test func jsonbOfAMebibyteRoundTrips() async throws {
        let connection = try await PostgresTestSupport.connect()
        struct Telemetry: Codable, Equatable {
            var serial: String
            var samples: [String]
        }
        let telemetry = Telemetry(
            serial: "1581F5BMD238 🚁",
            samples: (0..<16_384).map { "sample \($0) \(String(repeating: "x", count: 48))" }
        )
        let json = try PostgresJSON(encoding: telemetry)
        #expect(json.text.utf8.count > 1_000_000)
        // jsonb normalises the text (spaces, key order), so compare what it decodes to.
        let rows = try await connection.query("SELECT \(json) AS value, \(PostgresJSON?.none) AS missing")
        let row = try #require(rows.first)
        #expect(try row.decode(PostgresJSON?.self, column: "missing") == nil)
        #expect(try row.decode(PostgresJSON.self, column: "value").decode(Telemetry.self) == telemetry)
        await connection.close()
    }

    @Test func valuesSurviveATableRoundTrip() async throws {
        let connection = try await PostgresTestSupport.connect()
        try await connection.query(
            """
            CREATE TEMP TABLE everything (
                t text, i bigint, s integer, b boolean, d double precision, at timestamptz, id uuid,
                doc jsonb, raw bytea
            )
            """
        )
        let at = Date(timeIntervalSinceReferenceDate: 817_050_225.000001)
        let id = UUID()
        let doc = PostgresJSON(text: #"{"b": [1, 2], "a": "ü"}"#)
        let inserted = try await connection.query(
            """
            INSERT INTO everything VALUES
                (\("Ω"), \(Int64.min), \(Int32.max), \(true), \(-0.25), \(at), \(id), \(doc), \(Data([0, 1, 254]))),
                (\(String?.none), \(Int?.none), \(Int32?.none), \(Bool?.none), \(Double?.none), \(Date?.none),
                 \(UUID?.none), \(PostgresJSON?.none), \(Data?.none))
            """
        )
        #expect(inserted.affectedRows == 2)
        let rows = try await connection.query("SELECT * FROM everything ORDER BY t NULLS LAST")
        #expect(rows.count == 2)
        #expect(rows.columnNames == ["t", "i", "s", "b", "d", "at", "id", "doc", "raw"])
        let full = rows[0]
        #expect(try full.decode(String.self, column: "t") == "Ω")
        #expect(try full.decode(Int64.self, column: "i") == .min)
        #expect(try full.decode(Int32.self, column: "s") == .max)
        #expect(try full.decode(Bool.self, column: "b"))
        #expect(try full.decode(Double.self, column: "d") == -0.25)
        #expect(try full.decode(Date.self, column: "at") == at)
        #expect(try full.decode(UUID.self, column: "id") == id)
        #expect(try full.decode(PostgresJSON.self, column: "doc").text == #"{"a": "ü", "b": [1, 2]}"#)
        #expect(try full.decode(Data.self, at: 8) == Data([0, 1, 254]))
        let empty = rows[1]
        for index in 0..<9 {
            #expect(try empty.decode(String?.self, at: index) == nil)
        }
        await connection.close()
    }

    @Test func decodingErrorsNameTheColumnAndTheType() async throws {
        let connection = try await PostgresTestSupport.connect()
        let row = try #require(try await connection.query("SELECT 'abc' AS word, NULL::int AS nothing").first)
        let wrongType = try #require(throws: PostgresError.self) { try row.decode(Int.self, column: "word") }
        #expect(wrongType.kind == .decoding)
        #expect(wrongType.message.contains("\"word\""))
        #expect(wrongType.message.contains("Int"))
        #expect(!wrongType.message.contains("abc"))
        let null = try #require(throws: PostgresError.self) { try row.decode(Int32.self, column: "nothing") }
        #expect(null.message.contains("\"nothing\"") && null.message.contains("NULL"))
        let missing = try #require(throws: PostgresError.self) { try row.decode(String.self, column: "absent") }
        #expect(missing.message.contains("\"absent\""))
        #expect(throws: PostgresError.self) { try row.decode(String.self, at: 2) }
        await connection.close()
    }
}
