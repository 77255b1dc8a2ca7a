import Glibc

/// The process's open-file limit (RLIMIT_NOFILE). Every session holds two sockets, and the soft limit
/// many service managers start a process with (1024 under systemd) would refuse connections at
/// about 500 sessions while the hard limit allows far more; servers raise the soft limit to the
/// hard one at start, as nginx's `worker_rlimit_nofile` and Go's runtime do.
public enum OpenFileLimit {
    /// The current soft and hard limits.
    public static func current() -> (soft: UInt64, hard: UInt64) {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return (0, 0) }
        return (UInt64(limit.rlim_cur), UInt64(limit.rlim_max))
    }

    /// Raises the soft limit to the hard limit; returns the soft limit in force afterwards.
    @discardableResult
    public static func raiseToHardLimit() -> UInt64 {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 0 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { return UInt64(raised.rlim_cur) }
        }
        return UInt64(limit.rlim_cur)
    }
}
