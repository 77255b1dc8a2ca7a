// Polling with a deadline, for assertions about work another thread (an event loop) does.
#if canImport(Glibc)
import Glibc
#endif

/// Polls `condition` every few milliseconds until it holds or `timeout` seconds pass. The default is
/// generous: a passing check returns as soon as it holds, and CI machines are shared and can stall a
/// test for seconds (every use waits for something to happen, none for something not to).
public func eventually(timeout: Double = 20, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = ChildProcess.now() + timeout
    repeat {
        if try condition() { return true }
        usleep(2_000)
    } while ChildProcess.now() < deadline
    return try condition()
}
