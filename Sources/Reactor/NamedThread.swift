// Starting an OS thread with a name (loops, the resolver): pthreads, since Foundation's Thread is not used.
#if canImport(Glibc)
import Glibc
#endif
import CLinux
import Posix

/// Starts named pthreads. The name (15 bytes at most) shows in `top -H`, `perf` and core dumps.
public enum NamedThread {
    private final class Body {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    /// Starts a joinable thread running `body`.
    public static func spawn(name: String, _ body: @escaping @Sendable () -> Void) throws(SystemCallError) -> pthread_t {
        var thread = pthread_t()
        let box = Unmanaged.passRetained(Body(body)).toOpaque()
        let status = pthread_create(&thread, nil, { argument in
            let body = Unmanaged<Body>.fromOpaque(argument!).takeRetainedValue()
            body.run()
            return nil
        }, box)
        if status != 0 {
            Unmanaged<Body>.fromOpaque(box).release()
            throw SystemCallError("pthread_create", errno: status)
        }
        _ = CLinux_setThreadName(thread, String(name.prefix(15)))
        return thread
    }

    /// Starts a thread nobody joins; it ends when `body` returns.
    public static func detach(name: String, _ body: @escaping @Sendable () -> Void) throws(SystemCallError) {
        let thread = try spawn(name: name, body)
        pthread_detach(thread)
    }
}
