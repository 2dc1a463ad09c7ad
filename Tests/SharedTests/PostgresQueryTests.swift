import Foundation
import Testing

@testable import Shared

@Suite struct PostgresQueryTests {
    @Test func interpolatedValuesBecomeNumberedBindParameters() {
        let serial = "1581F5BMD238"
        let limit = 10
        let query: PostgresQuery = "SELECT * FROM devices WHERE serial = \(serial) LIMIT \(limit)"
        #expect(query.sql == "SELECT * FROM devices WHERE serial = $1 LIMIT $2")
        #expect(
            query.binds == [
                PostgresBind(text: "1581F5BMD238", type: PostgresDataType.text),
                PostgresBind(text: "10", type: PostgresDataType.int8),
            ]
        )
    }

    @Test func textThatLooksLikeSQLStaysABindValue() {
        let hostile = "x'; DROP TABLE devices; --"
        let query: PostgresQuery = "SELECT \(hostile)"
        #expect(query.sql == "SELECT $1")
        #expect(query.binds.first?.text == hostile)
    }

    @Test func nilBindsNullOfTheWrappedType() {
        let missing: UUID? = nil
        let present: Int32? = 7
        let query: PostgresQuery = "UPDATE t SET a = \(missing), b = \(present)"
        #expect(query.sql == "UPDATE t SET a = $1, b = $2")
        #expect(
            query.binds == [.null(type: PostgresDataType.uuid), PostgresBind(text: "7", type: PostgresDataType.int4)])
    }

    @Test func unescapedTextIsSplicedVerbatim() {
        let query: PostgresQuery = "LISTEN \(unescaped: "\"commands\"")"
        #expect(query.sql == "LISTEN \"commands\"")
        #expect(query.binds.isEmpty)
    }

    @Test func descriptionNeverShowsBindValues() {
        let secret = "hunter2"
        let query: PostgresQuery = "UPDATE keys SET secret = \(secret)"
        #expect(!query.description.contains(secret))
        #expect(query.description.contains("$1"))
    }

    @Test func rawRepresentableTypesBindTheirRawValue() throws {
        enum Status: String, PostgresCodable {
            case sent
            case acknowledged
        }
        let query: PostgresQuery = "SELECT \(Status.sent)"
        #expect(query.binds == [PostgresBind(text: "sent", type: PostgresDataType.text)])
        #expect(try Status(postgresText: "acknowledged", columnType: PostgresDataType.text) == .acknowledged)
        #expect(throws: PostgresError.self) { try Status(postgresText: "lost", columnType: PostgresDataType.text) }
    }

    @Test func quotedIdentifiersDoubleInnerQuotes() {
        #expect(PostgresConnection.quotedIdentifier("commands") == "\"commands\"")
        #expect(PostgresConnection.quotedIdentifier("a\"b") == "\"a\"\"b\"")
    }
}
