import Testing

@testable import Shared

@Suite struct MigrationStatusTests {
    let a = Migration("0001_a", ["CREATE TABLE a (id int)"])
    let b = Migration("0002_b", ["CREATE TABLE b (id int)"])

    @Test func currentWhenEveryMigrationIsRecordedWithItsChecksum() {
        let status = MigrationStatus(expected: [a, b], applied: [a.name: a.checksum, b.name: b.checksum])
        #expect(status.isCurrent)
        #expect(status.explanation == "schema is current")
    }

    @Test func pendingInShippedOrder() {
        let status = MigrationStatus(expected: [a, b], applied: [:])
        #expect(status.pending == ["0001_a", "0002_b"])
        #expect(status.explanation.contains("run `open-api migrate`"))
    }

    @Test func checksumChangesWithTheSQL() {
        #expect(a.checksum != Migration("0001_a", ["CREATE TABLE a (id bigint)"]).checksum)
        #expect(a.checksum == Migration("0001_a", ["CREATE TABLE a (id int)"]).checksum)
        #expect(a.checksum.count == 64)
    }
}
