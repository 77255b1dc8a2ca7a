// Running async work from a synchronous command: the calling thread waits, polling, for the task.
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// ArgumentParser's async commands start the concurrency runtime's threads before `run()`, and
/// those threads would not have SIGTERM blocked; `serve` needs every thread to block it (signals
/// go to the loop's signalfd). So the command tree stays synchronous and the few async commands
/// wait here. A 5 ms poll is fine for a command-line tool.
enum BlockingWait {
    static func run<Value: Sendable>(_ body: @escaping @Sendable () async throws -> Value) -> Result<Value, any Error> {
        let result = Mutex<Result<Value, any Error>?>(nil)
        Task {
            let outcome: Result<Value, any Error>
            do { outcome = .success(try await body()) } catch { outcome = .failure(error) }
            result.withLock { $0 = outcome }
        }
        while true {
            if let done = result.withLock({ $0 }) { return done }
            usleep(5000)
        }
    }
}
