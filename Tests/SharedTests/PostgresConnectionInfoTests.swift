import Testing

@testable import Shared

@Suite struct PostgresConnectionInfoTests {
    @Test func aURIIsDescribedWithoutItsPassword() throws {
        let info = try #require(
            PostgresConnectionInfo("postgresql://api:s3cret@db.example:5433/dockgate?sslmode=require"))
        #expect(info["host"] == "db.example")
        #expect(info["port"] == "5433")
        #expect(info["dbname"] == "dockgate")
        #expect(info["password"] == nil)
        #expect(!info.description.contains("s3cret"))
        #expect(info.description.contains("sslmode=require"))
    }

    @Test func keyValueFormIsDescribedWithoutItsPassword() throws {
        let info = try #require(PostgresConnectionInfo("host=/tmp/pg dbname=dockgate password='two words' user=bridge"))
        #expect(info.description == "user=bridge dbname=dockgate host=/tmp/pg")
        #expect(!info.description.contains("two words"))
    }

    @Test func valuesWithSpacesAreQuoted() throws {
        let info = try #require(PostgresConnectionInfo("host=localhost application_name='dock gate'"))
        #expect(info.description.contains("application_name='dock gate'"))
    }

    @Test func anUnparsableStringIsRejected() {
        #expect(PostgresConnectionInfo("host=localhost password") == nil)
        #expect(PostgresConnectionInfo("postgresql://[::1") == nil)
    }
}
