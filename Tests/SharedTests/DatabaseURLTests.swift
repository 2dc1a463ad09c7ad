import Testing

@testable import Shared

@Suite struct DatabaseURLTests {
    @Test func redactsThePasswordOfEitherForm() {
        let uri = DatabaseURL.redacted("postgresql://app:s3cret@db:5432/dockgate?sslmode=require")
        #expect(!uri.contains("s3cret"))
        #expect(uri.contains("host=db"))
        #expect(uri.contains("dbname=dockgate"))
        let keyValue = DatabaseURL.redacted("host=db password='a b\\' c' user=u")
        #expect(!keyValue.contains("a b"))
        #expect(keyValue.contains("user=u"))
        #expect(DatabaseURL.redacted("host='unterminated") == "<connection string libpq cannot parse>")
    }

    @Test func replacesTheDatabaseName() {
        #expect(
            DatabaseURL.replacingDatabase(in: "postgresql://u@h:1/dockgate?sslmode=disable", with: "t1")
                == "postgresql://u@h:1/t1?sslmode=disable"
        )
        #expect(DatabaseURL.replacingDatabase(in: "host=h dbname=a", with: "t1") == "host=h dbname=a dbname='t1'")
    }
}
