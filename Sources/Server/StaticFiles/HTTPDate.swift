// HTTPDate: formats and parses HTTP-date values (RFC 9110 §5.6.7) without Foundation.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Formatting and parsing of HTTP dates.
///
/// Formatting always produces the preferred IMF-fixdate form, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`.
/// Parsing accepts IMF-fixdate and, as RFC 9110 requires of recipients, the two obsolete forms
/// (RFC 850 `Sunday, 06-Nov-94 08:49:37 GMT` and asctime `Sun Nov  6 08:49:37 1994`).
///
/// Everything here is plain integer arithmetic on UTF-8 bytes: cheap enough for the `Date`
/// header of every response.
package enum HTTPDate {
    private static let dayNames: [StaticString] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let longDayNames: [String] = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]
    private static let monthNames: [StaticString] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]

    /// The length in bytes of every IMF-fixdate string.
    package static let fixdateLength = 29

    /// Formats seconds since the Unix epoch (UTC) as an IMF-fixdate, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`.
    ///
    /// Years outside 0...9999 are clamped to that range's ends (HTTP dates have four-digit years).
    package static func format(_ epochSeconds: Int) -> String {
        let clamped = min(max(epochSeconds, minimumEpochSeconds), maximumEpochSeconds)
        let days = floorDiv(clamped, 86_400)
        let secondsOfDay = clamped - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        // 1970-01-01 was a Thursday (index 4).
        let weekday = ((days % 7) + 7 + 4) % 7
        let hour = secondsOfDay / 3600
        let minute = (secondsOfDay % 3600) / 60
        let second = secondsOfDay % 60

        return String(unsafeUninitializedCapacity: fixdateLength) { buffer in
            var i = 0
            func put(_ byte: UInt8) {
                buffer[i] = byte
                i += 1
            }
            func put(_ text: StaticString) {
                text.withUTF8Buffer { for byte in $0 { put(byte) } }
            }
            func put2(_ value: Int) {
                put(UInt8(truncatingIfNeeded: 48 + value / 10))
                put(UInt8(truncatingIfNeeded: 48 + value % 10))
            }
            put(dayNames[weekday])
            put(UInt8(ascii: ","))
            put(UInt8(ascii: " "))
            put2(day)
            put(UInt8(ascii: " "))
            put(monthNames[month - 1])
            put(UInt8(ascii: " "))
            put2(year / 100)
            put2(year % 100)
            put(UInt8(ascii: " "))
            put2(hour)
            put(UInt8(ascii: ":"))
            put2(minute)
            put(UInt8(ascii: ":"))
            put2(second)
            put(" GMT")
            return i
        }
    }

    /// The current time as an IMF-fixdate, for the `Date` response header.
    package static func now() -> String {
        format(Int(time(nil)))
    }

    /// Parses an HTTP-date (IMF-fixdate, RFC 850 or asctime form) into seconds since the Unix epoch.
    ///
    /// Returns `nil` for anything that is not a valid date in one of the three forms.
    /// Surrounding whitespace is ignored.
    package static func parse(_ text: String) -> Int? {
        var bytes = Array(text.utf8)[...]
        while let first = bytes.first, first == 0x20 || first == 0x09 { bytes = bytes.dropFirst() }
        while let last = bytes.last, last == 0x20 || last == 0x09 { bytes = bytes.dropLast() }
        var scanner = DateScanner(bytes: bytes)
        if bytes.count == fixdateLength {
            return parseFixdate(&scanner)
        }
        if bytes.count == 24 {
            return parseAsctime(&scanner)
        }
        return parseRFC850(&scanner)
    }

    // "Sun, 06 Nov 1994 08:49:37 GMT"
    private static func parseFixdate(_ s: inout DateScanner) -> Int? {
        guard let weekday = s.shortDayName(), s.expect(","), s.expect(" "),
              let day = s.digits(2), s.expect(" "),
              let month = s.monthName(), s.expect(" "),
              let year = s.digits(4), s.expect(" "),
              let time = s.timeOfDay(), s.expect(" GMT"), s.atEnd
        else { return nil }
        return assemble(year: year, month: month, day: day, time: time, weekday: weekday)
    }

    // "Sunday, 06-Nov-94 08:49:37 GMT"
    private static func parseRFC850(_ s: inout DateScanner) -> Int? {
        guard let weekday = s.longDayName(), s.expect(","), s.expect(" "),
              let day = s.digits(2), s.expect("-"),
              let month = s.monthName(), s.expect("-"),
              let shortYear = s.digits(2), s.expect(" "),
              let time = s.timeOfDay(), s.expect(" GMT"), s.atEnd
        else { return nil }
        // RFC 9110: a two-digit year more than 50 years in the future means the previous century.
        // With no clock dependency we use the common pivot: 70...99 -> 19xx, 00...69 -> 20xx.
        let year = shortYear >= 70 ? 1900 + shortYear : 2000 + shortYear
        return assemble(year: year, month: month, day: day, time: time, weekday: weekday)
    }

    // "Sun Nov  6 08:49:37 1994"
    private static func parseAsctime(_ s: inout DateScanner) -> Int? {
        guard let weekday = s.shortDayName(), s.expect(" "),
              let month = s.monthName(), s.expect(" ")
        else { return nil }
        let day: Int
        if s.expect(" ") {
            guard let single = s.digits(1) else { return nil }
            day = single
        } else {
            guard let double = s.digits(2) else { return nil }
            day = double
        }
        guard s.expect(" "), let time = s.timeOfDay(), s.expect(" "),
              let year = s.digits(4), s.atEnd
        else { return nil }
        return assemble(year: year, month: month, day: day, time: time, weekday: weekday)
    }

    private static func assemble(
        year: Int, month: Int, day: Int, time: (hour: Int, minute: Int, second: Int), weekday: Int
    ) -> Int? {
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month),
              time.hour < 24, time.minute < 60, time.second < 61
        else { return nil }
        let days = self.days(fromCivilYear: year, month: month, day: day)
        // The day name must agree with the date.
        guard ((days % 7) + 7 + 4) % 7 == weekday else { return nil }
        // A leap second (:60) is folded into the next second, as timegm would.
        return days * 86_400 + time.hour * 3600 + time.minute * 60 + time.second
    }

    fileprivate static func dayIndex(short bytes: ArraySlice<UInt8>) -> Int? {
        for (index, name) in dayNames.enumerated() where name.withUTF8Buffer({ $0.elementsEqual(bytes) }) {
            return index
        }
        return nil
    }

    fileprivate static func dayIndex(long bytes: ArraySlice<UInt8>) -> Int? {
        // Day names are compared case-insensitively in the obsolete form.
        let lowered = bytes.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
        for (index, name) in longDayNames.enumerated() where name.utf8.elementsEqual(lowered) {
            return index
        }
        return nil
    }

    fileprivate static func monthIndex(_ bytes: ArraySlice<UInt8>) -> Int? {
        for (index, name) in monthNames.enumerated() where name.withUTF8Buffer({ $0.elementsEqual(bytes) }) {
            return index + 1
        }
        return nil
    }

    // MARK: Calendar arithmetic (proleptic Gregorian, Howard Hinnant's algorithms)

    private static let minimumEpochSeconds = -62_167_219_200  // 0000-01-01T00:00:00Z
    private static let maximumEpochSeconds = 253_402_300_799  // 9999-12-31T23:59:59Z

    private static func floorDiv(_ a: Int, _ b: Int) -> Int {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    /// Days since 1970-01-01 for a civil date.
    private static func days(fromCivilYear year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = floorDiv(y, 400)
        let yearOfEra = y - era * 400
        let shiftedMonth = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date of a day count since 1970-01-01.
    private static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = floorDiv(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    private static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        case 4, 6, 9, 11:
            return 30
        default:
            return 31
        }
    }
}

/// A forward-only cursor over the bytes of a date string.
private struct DateScanner {
    var bytes: ArraySlice<UInt8>

    var atEnd: Bool { bytes.isEmpty }

    mutating func expect(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard bytes.count >= count,
              literal.withUTF8Buffer({ $0.elementsEqual(bytes.prefix(count)) })
        else { return false }
        bytes = bytes.dropFirst(count)
        return true
    }

    mutating func digits(_ count: Int) -> Int? {
        guard bytes.count >= count else { return nil }
        var value = 0
        for byte in bytes.prefix(count) {
            guard byte >= 48, byte <= 57 else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        bytes = bytes.dropFirst(count)
        return value
    }

    mutating func shortDayName() -> Int? {
        guard bytes.count >= 3, let index = HTTPDate.dayIndex(short: bytes.prefix(3)) else { return nil }
        bytes = bytes.dropFirst(3)
        return index
    }

    mutating func longDayName() -> Int? {
        let name = bytes.prefix { $0 != UInt8(ascii: ",") }
        guard let index = HTTPDate.dayIndex(long: name) else { return nil }
        bytes = bytes.dropFirst(name.count)
        return index
    }

    mutating func monthName() -> Int? {
        guard bytes.count >= 3, let month = HTTPDate.monthIndex(bytes.prefix(3)) else { return nil }
        bytes = bytes.dropFirst(3)
        return month
    }

    mutating func timeOfDay() -> (hour: Int, minute: Int, second: Int)? {
        guard let hour = digits(2), expect(":"), let minute = digits(2), expect(":"),
              let second = digits(2)
        else { return nil }
        return (hour, minute, second)
    }
}
