// Wall-clock time (CLOCK_REALTIME): for timestamps people read and for expiry times peers send.
#if canImport(Glibc)
import Glibc
#endif

public enum SystemClock {
    /// Nanoseconds since the Unix epoch. It may jump (NTP, an operator): never use it for timeouts.
    @inline(__always)
    public static func unixNanoseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return UInt64(spec.tv_sec) &* 1_000_000_000 &+ UInt64(spec.tv_nsec)
    }

    /// Seconds since the Unix epoch.
    public static func unixSeconds() -> Double { Double(unixNanoseconds()) / 1e9 }
}
