// Wall-clock time in Unix seconds, injectable so token lifetimes can be tested without waiting.
#if canImport(Glibc)
import Glibc
#endif

/// The time credentials and the token cache run on. Token lifetimes are wall-clock (`expires_on` is a
/// Unix time), so this is `CLOCK_REALTIME`, not a monotonic clock.
public protocol WallClock: Sendable {
    /// Now, in Unix seconds.
    func now() -> Int64
    /// Suspends for `seconds`; throws `CancellationError` when the task is cancelled meanwhile.
    func sleep(seconds: Double) async throws
}

/// The real clock.
public struct SystemWallClock: WallClock {
    public init() {}

    public func now() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec)
    }

    public func sleep(seconds: Double) async throws {
        guard seconds > 0 else { return }
        try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
    }
}

extension WallClock where Self == SystemWallClock {
    /// The real clock.
    public static var system: SystemWallClock { SystemWallClock() }
}
