// Monotonic time in nanoseconds: deadlines for timers never jump with the wall clock.
#if canImport(Glibc)
import Glibc
#endif

public enum MonotonicClock {
    /// Nanoseconds since an arbitrary fixed point (CLOCK_MONOTONIC).
    @inline(__always)
    public static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) &* 1_000_000_000 &+ UInt64(spec.tv_nsec)
    }
}

/// Durations in the clock's unit, so call sites read `.seconds(10)` instead of raw nanoseconds.
public enum Nanoseconds {
    public static func seconds(_ value: Double) -> UInt64 { UInt64(max(0, value) * 1_000_000_000) }
    public static func milliseconds(_ value: Int) -> UInt64 { UInt64(max(0, value)) * 1_000_000 }
}
