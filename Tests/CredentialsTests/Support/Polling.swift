// Waits (really) for something another task does, with a deadline.
#if canImport(Glibc)
    import Glibc
#endif

/// Polls `condition` every millisecond or so for up to `timeout` seconds.
/// Generous by default: under a full parallel `swift test` the two-thread concurrency pool can be
/// busy with blocking tests for many seconds; a condition that holds returns at once anyway.
func eventually(timeout: Double = 60, _ condition: () -> Bool) async -> Bool {
    let deadline = monotonicSeconds() + timeout
    while monotonicSeconds() < deadline {
        if condition() { return true }
        try? await Task.sleep(nanoseconds: 1_000_000)
    }
    return condition()
}

func monotonicSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}
