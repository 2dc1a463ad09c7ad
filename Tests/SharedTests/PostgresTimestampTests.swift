import Foundation
import Testing

@testable import Shared

@Suite struct PostgresTimestampTests {
    /// 2026-11-22 14:23:45.123456 UTC, built from the reference date as Date stores it, so that the
    /// Double is the one nearest the decimal, as the parser computes it.
    private let sample = Date(timeIntervalSinceReferenceDate: 817_050_225.123456)

    @Test func formatsISO8601WithMicrosecondsInUTC() {
        #expect(PostgresTimestamp.text(for: sample) == "2026-11-22T14:23:45.123456Z")
        #expect(PostgresTimestamp.text(for: Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000000Z")
        #expect(PostgresTimestamp.text(for: Date(timeIntervalSince1970: -0.000001)) == "1969-12-31T23:59:59.999999Z")
    }

    @Test func parsesWhatTimestamptzOutWritesWithDateStyleISO() {
        #expect(PostgresTimestamp.date(from: "2026-11-22 14:23:45.123456+00") == sample)
        #expect(PostgresTimestamp.date(from: "2026-11-22 20:08:45.123456+05:45") == sample)
        #expect(PostgresTimestamp.date(from: "2026-11-22 09:23:45.123456-05") == sample)
        #expect(
            PostgresTimestamp.date(from: "2026-11-22 14:23:45+00") == Date(timeIntervalSince1970: 1_795_357_425)
        )
        #expect(
            PostgresTimestamp.date(from: "2026-11-22 14:23:45.5+00") == Date(timeIntervalSince1970: 1_795_357_425.5)
        )
        // `timestamp` without a zone reads as UTC.
        #expect(PostgresTimestamp.date(from: "2026-11-22 14:23:45.123456") == sample)
        #expect(PostgresTimestamp.date(from: PostgresTimestamp.text(for: sample)) == sample)
    }

    @Test func readsHistoricalOffsetsWithSeconds() {
        // Before 1880 zones used local mean time, which PostgreSQL writes with seconds.
        #expect(
            PostgresTimestamp.date(from: "1850-01-01 00:00:00+00:09:21")
                == Date(timeIntervalSince1970: -3_786_825_600 - 561)
        )
    }

    @Test func roundTripsTheEdgesOfDate() {
        // 0001-01-01 and 0001-01-01 BC in the proleptic Gregorian calendar PostgreSQL uses.
        let firstDayAD = Date(timeIntervalSinceReferenceDate: -63_113_904_000)
        let firstDayOf1BC = Date(timeIntervalSinceReferenceDate: -63_113_904_000 - 366 * 86_400)
        for date in [Date.distantPast, Date.distantFuture, firstDayAD, firstDayOf1BC] {
            #expect(PostgresTimestamp.date(from: PostgresTimestamp.text(for: date)) == date)
        }
        #expect(PostgresTimestamp.text(for: firstDayAD) == "0001-01-01T00:00:00.000000Z")
        #expect(PostgresTimestamp.text(for: firstDayOf1BC) == "0001-01-01T00:00:00.000000Z BC")
        // Foundation's distantPast is 1 January 1 AD of the Julian calendar.
        #expect(PostgresTimestamp.text(for: Date.distantPast) == "0001-12-30T00:00:00.000000Z BC")
    }

    @Test func infinityRoundTrips() {
        let future = Date(timeIntervalSinceReferenceDate: .infinity)
        #expect(PostgresTimestamp.text(for: future) == "infinity")
        #expect(PostgresTimestamp.date(from: "infinity") == future)
        #expect(PostgresTimestamp.date(from: "-infinity") == Date(timeIntervalSinceReferenceDate: -.infinity))
    }

    @Test func rejectsMalformedText() {
        for text in [
            "", "2026-11-22", "2026-13-01 00:00:00+00", "2026-11-22 14:23:45.1234567+00",
            "2026-11-22 14:23:45+00 extra", "yesterday",
        ] {
            #expect(PostgresTimestamp.date(from: text) == nil, "\(text)")
        }
    }

    @Test func civilDateConversionsAgree() {
        for days: Int64 in [-800_000, -719_468, -1, 0, 1, 20_000, 2_000_000] {
            let (year, month, day) = PostgresTimestamp.civilDate(daysSince1970: days)
            #expect(PostgresTimestamp.daysSince1970(year: year, month: month, day: day) == days)
        }
    }
}
