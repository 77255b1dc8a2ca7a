// Wall-clock times as the log writes them: RFC 3339 UTC with microseconds, and the compact file-name stamp.
#if canImport(Glibc)
import Glibc
#endif
import Posix

/// CLOCK_REALTIME in microseconds, and its two written forms. Formatting uses `gmtime_r`, so leap
/// seconds and the calendar are the C library's; no locale or time zone is consulted.
public enum UTCTimestamp {
    /// Microseconds since the Unix epoch now (CLOCK_REALTIME; a vDSO call, cheap on a loop).
    @inline(__always)
    public static func nowMicroseconds() -> Int64 {
        Int64(SystemClock.unixNanoseconds() / 1000)
    }

    /// `2026-11-21T15:23:34.123456Z`.
    public static func rfc3339(microseconds: Int64) -> String {
        var bytes: [UInt8] = []
        var cache = RFC3339Cache()
        cache.append(microseconds: microseconds, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `20261121T152334Z` (the file-name stamp, whole seconds).
    static func compactSeconds(microseconds: Int64) -> String {
        let parts = calendarParts(seconds: floorDivide(microseconds, 1_000_000))
        var bytes: [UInt8] = []
        appendDigits(parts.year, width: 4, to: &bytes)
        appendDigits(parts.month, width: 2, to: &bytes)
        appendDigits(parts.day, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: "T"))
        appendDigits(parts.hour, width: 2, to: &bytes)
        appendDigits(parts.minute, width: 2, to: &bytes)
        appendDigits(parts.second, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }

    struct CalendarParts { var year, month, day, hour, minute, second: Int }

    static func calendarParts(seconds: Int64) -> CalendarParts {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        return CalendarParts(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday),
                             hour: Int(parts.tm_hour), minute: Int(parts.tm_min), second: Int(parts.tm_sec))
    }

    static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return (value % divisor < 0) ? quotient - 1 : quotient
    }

    static func appendDigits(_ value: Int, width: Int, to bytes: inout [UInt8]) {
        var digits = [UInt8](repeating: UInt8(ascii: "0"), count: width)
        var rest = max(0, value)
        for index in stride(from: width - 1, through: 0, by: -1) {
            digits[index] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
        bytes.append(contentsOf: digits)
    }
}

/// Writes RFC 3339 timestamps, reusing the `yyyy-MM-ddTHH:mm:ss` part while the second is unchanged:
/// a busy session logs hundreds of records per second, and `gmtime_r` is the costly part.
struct RFC3339Cache {
    private var second = Int64.min
    private var prefix: [UInt8] = []

    mutating func append(microseconds: Int64, to bytes: inout [UInt8]) {
        let seconds = UTCTimestamp.floorDivide(microseconds, 1_000_000)
        if seconds != second {
            second = seconds
            let parts = UTCTimestamp.calendarParts(seconds: seconds)
            prefix.removeAll(keepingCapacity: true)
            UTCTimestamp.appendDigits(parts.year, width: 4, to: &prefix)
            prefix.append(UInt8(ascii: "-"))
            UTCTimestamp.appendDigits(parts.month, width: 2, to: &prefix)
            prefix.append(UInt8(ascii: "-"))
            UTCTimestamp.appendDigits(parts.day, width: 2, to: &prefix)
            prefix.append(UInt8(ascii: "T"))
            UTCTimestamp.appendDigits(parts.hour, width: 2, to: &prefix)
            prefix.append(UInt8(ascii: ":"))
            UTCTimestamp.appendDigits(parts.minute, width: 2, to: &prefix)
            prefix.append(UInt8(ascii: ":"))
            UTCTimestamp.appendDigits(parts.second, width: 2, to: &prefix)
            prefix.append(UInt8(ascii: "."))
        }
        bytes.append(contentsOf: prefix)
        UTCTimestamp.appendDigits(Int(microseconds - seconds * 1_000_000), width: 6, to: &bytes)
        bytes.append(UInt8(ascii: "Z"))
    }
}
