// LogTimestamp: ISO 8601 UTC timestamps for log lines, from clock_gettime and gmtime_r.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// ISO 8601 UTC timestamps such as `2026-11-21T10:00:00.123Z`, without Foundation.
package enum LogTimestamp {
    /// The current wall-clock time with `fractionDigits` (0...9) digits of fractional seconds.
    package static func now(fractionDigits: Int) -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return format(seconds: Int(now.tv_sec), nanoseconds: Int(now.tv_nsec), fractionDigits: fractionDigits)
    }

    /// Formats a time since the Unix epoch as `YYYY-MM-DDTHH:MM:SS[.fff…]Z`; the fraction is
    /// truncated (not rounded) to `fractionDigits` (0...9) digits.
    package static func format(seconds: Int, nanoseconds: Int, fractionDigits: Int) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        let digits = min(max(fractionDigits, 0), 9)
        var out: [UInt8] = []
        out.reserveCapacity(30)
        func put(_ value: Int, width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                out.append(UInt8(truncatingIfNeeded: 48 + (rest / divisor) % 10))
                rest %= divisor
                divisor /= 10
            }
        }
        put(Int(parts.tm_year) + 1900, width: 4)
        out.append(UInt8(ascii: "-"))
        put(Int(parts.tm_mon) + 1, width: 2)
        out.append(UInt8(ascii: "-"))
        put(Int(parts.tm_mday), width: 2)
        out.append(UInt8(ascii: "T"))
        put(Int(parts.tm_hour), width: 2)
        out.append(UInt8(ascii: ":"))
        put(Int(parts.tm_min), width: 2)
        out.append(UInt8(ascii: ":"))
        put(Int(parts.tm_sec), width: 2)
        if digits > 0 {
            out.append(UInt8(ascii: "."))
            var scale = 1
            for _ in digits..<9 { scale *= 10 }
            put(nanoseconds / scale, width: digits)
        }
        out.append(UInt8(ascii: "Z"))
        return String(decoding: out, as: UTF8.self)
    }
}
