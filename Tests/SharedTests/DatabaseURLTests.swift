import Testing

@testable import Shared

@Suite struct DatabaseURLTests {
    @Test func redactsThePasswordOfAURI() {
        #expect(
            DatabaseURL.redacted("postgresql://app:s3cret@db:5432/dockgate?sslmode=require")
                == "postgresql://app:***@db:5432/dockgate?sslmode=require"
        )
        #expect(DatabaseURL.redacted("postgres://db/dockgate?password=s3cret") == "postgres://db/dockgate?password=***")
        #expect(DatabaseURL.redacted("postgresql://app@db/dockgate") == "postgresql://app@db/dockgate")
    }

    @Test func redactsThePasswordOfAKeyValueString() {
        #expect(DatabaseURL.redacted("host=db password=s3cret dbname=x") == "host=db password=*** dbname=x")
        #expect(DatabaseURL.redacted("host=db password = 'a b\\' c' user=u") == "host=db password=*** user=u")
    }

    @Test func replacesTheDatabaseName() {
        #expect(
            DatabaseURL.replacingDatabase(in: "postgresql://u@h:1/dockgate?sslmode=disable", with: "t1")
                == "postgresql://u@h:1/t1?sslmode=disable"
        )
        #expect(DatabaseURL.replacingDatabase(in: "host=h dbname=a", with: "t1") == "host=h dbname=a dbname='t1'")
    }
}
