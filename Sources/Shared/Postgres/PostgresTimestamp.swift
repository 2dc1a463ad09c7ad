import Foundation

/// The text forms of `timestamptz`, written and read by hand because a `DateFormatter` per row is slow and
/// drops microseconds.
///
/// PostgreSQL stores microseconds since 2000 in 64 bits; Date stores seconds since 2001 in a Double, which
/// keeps microseconds exact within about ±285 years of 2001, the dates this platform stores.
enum PostgresTimestamp {
    private static let microsecondsPerDay: Int64 = 86_400_000_000
    /// 1970-01-01 to 2001-01-01, Date's reference date.
    private static let referenceDateMicroseconds: Int64 = 978_307_200_000_000

    /// ISO 8601 in UTC with six fraction digits, e.g. `2026-11-22T14:23:45.123456Z`; years before 1 AD get
    /// PostgreSQL's ` BC` suffix and a Date beyond PostgreSQL's range becomes `infinity` or `-infinity`.
    static func text(for date: Date) -> String {
        let scaled = (date.timeIntervalSinceReferenceDate * 1_000_000).rounded()
        guard let sinceReference = Int64(exactly: scaled),
            case (let micros, false) = sinceReference.addingReportingOverflow(referenceDateMicroseconds)
        else {
            return scaled < 0 ? "-infinity" : "infinity"
        }
        let days = floorDivide(micros, microsecondsPerDay)
        let timeOfDay = micros - days * microsecondsPerDay
        let (year, month, day) = civilDate(daysSince1970: days)
        var utf8: [UInt8] = []
        utf8.reserveCapacity(32)
        appendDigits(year > 0 ? year : 1 - year, width: 4, to: &utf8)
        utf8.append(UInt8(ascii: "-"))
        appendDigits(month, width: 2, to: &utf8)
        utf8.append(UInt8(ascii: "-"))
        appendDigits(day, width: 2, to: &utf8)
        utf8.append(UInt8(ascii: "T"))
        appendDigits(timeOfDay / 3_600_000_000, width: 2, to: &utf8)
        utf8.append(UInt8(ascii: ":"))
        appendDigits(timeOfDay / 60_000_000 % 60, width: 2, to: &utf8)
        utf8.append(UInt8(ascii: ":"))
        appendDigits(timeOfDay / 1_000_000 % 60, width: 2, to: &utf8)
        utf8.append(UInt8(ascii: "."))
        appendDigits(timeOfDay % 1_000_000, width: 6, to: &utf8)
        utf8.append(UInt8(ascii: "Z"))
        if year <= 0 {
            utf8.append(contentsOf: " BC".utf8)
        }
        return String(decoding: utf8, as: UTF8.self)
    }

    /// Reads what `timestamptz_out` writes with DateStyle ISO (`2026-11-22 14:23:45.123456+00`, offsets like
    /// `+05:30`, a ` BC` suffix, `infinity`), and `timestamp` without an offset as UTC; nil when malformed.
    static func date(from text: String) -> Date? {
        switch text {
        case "infinity": return Date(timeIntervalSinceReferenceDate: .infinity)
        case "-infinity": return Date(timeIntervalSinceReferenceDate: -.infinity)
        default: break
        }
        let parsed =
            text.utf8.withContiguousStorageIfAvailable { microsecondsSince1970(from: $0) }
            ?? Array(text.utf8).withUnsafeBufferPointer { microsecondsSince1970(from: $0) }
        guard let micros = parsed else {
            return nil
        }
        return Date(timeIntervalSinceReferenceDate: Double(micros - referenceDateMicroseconds) / 1_000_000)
    }

    private static func microsecondsSince1970(from bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        var scanner = Scanner(bytes: bytes)
        guard let year = scanner.number(minDigits: 1, maxDigits: 6), scanner.skip("-"),
            let month = scanner.number(minDigits: 2, maxDigits: 2), (1...12).contains(month), scanner.skip("-"),
            let day = scanner.number(minDigits: 2, maxDigits: 2), (1...31).contains(day),
            scanner.skip(" ") || scanner.skip("T"),
            let hour = scanner.number(minDigits: 2, maxDigits: 2), hour <= 24, scanner.skip(":"),
            let minute = scanner.number(minDigits: 2, maxDigits: 2), minute < 60, scanner.skip(":"),
            let second = scanner.number(minDigits: 2, maxDigits: 2), second <= 60
        else {
            return nil
        }
        var fraction: Int64 = 0
        if scanner.skip(".") {
            let start = scanner.index
            guard let digits = scanner.number(minDigits: 1, maxDigits: 6) else {
                return nil
            }
            fraction = digits
            for _ in (scanner.index - start)..<6 {
                fraction *= 10
            }
        }
        var offsetSeconds: Int64 = 0
        if scanner.skip("Z") {
            offsetSeconds = 0
        } else if let sign: Int64 = scanner.skip("+") ? 1 : scanner.skip("-") ? -1 : nil {
            guard let hours = scanner.number(minDigits: 2, maxDigits: 2) else {
                return nil
            }
            var seconds = hours * 3600
            for scale: Int64 in [60, 1] where scanner.skip(":") {
                guard let part = scanner.number(minDigits: 2, maxDigits: 2) else {
                    return nil
                }
                seconds += part * scale
            }
            offsetSeconds = sign * seconds
        }
        let isBC = scanner.skip(" BC")
        guard scanner.isAtEnd else {
            return nil
        }
        let days = daysSince1970(year: isBC ? 1 - year : year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return seconds * 1_000_000 + fraction
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    static func daysSince1970(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = floorDivide(y, 400)
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date of a day count from 1970-01-01 (Howard Hinnant's `civil_from_days`).
    static func civilDate(daysSince1970 days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = floorDivide(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }

    private static func appendDigits(_ value: Int64, width: Int, to utf8: inout [UInt8]) {
        let digits = Array(String(value).utf8)
        utf8.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: max(0, width - digits.count)))
        utf8.append(contentsOf: digits)
    }

    /// A cursor over ASCII bytes.
    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        var isAtEnd: Bool { index == bytes.count }

        mutating func skip(_ literal: StaticString) -> Bool {
            let count = literal.utf8CodeUnitCount
            guard bytes.count - index >= count else {
                return false
            }
            for offset in 0..<count where bytes[index + offset] != literal.utf8Start[offset] {
                return false
            }
            index += count
            return true
        }

        /// An unsigned decimal number of `minDigits` to `maxDigits` digits.
        mutating func number(minDigits: Int, maxDigits: Int) -> Int64? {
            var value: Int64 = 0
            let start = index
            while index < bytes.count, index - start < maxDigits,
                case let digit = bytes[index], digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9")
            {
                value = value * 10 + Int64(digit - UInt8(ascii: "0"))
                index += 1
            }
            return index - start >= minDigits ? value : nil
        }
    }
}

extension Date: PostgresCodable {
    public static var postgresType: UInt32 { PostgresDataType.timestamptz }
    public var postgresBind: PostgresBind {
        PostgresBind(text: PostgresTimestamp.text(for: self), type: Self.postgresType)
    }

    public init(postgresText: String, columnType: UInt32) throws {
        guard let date = PostgresTimestamp.date(from: postgresText) else {
            throw PostgresError(kind: .decoding, message: "not a timestamp in ISO DateStyle")
        }
        self = date
    }
}
