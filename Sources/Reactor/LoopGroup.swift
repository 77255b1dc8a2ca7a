// Thread per core: N loop threads, each running its own LoopContext until stopped.
#if canImport(Glibc)
import Glibc
#endif
import CLinux
import Posix
import Synchronization

/// A fixed set of event loops, one OS thread each. Connections never move between them.
public final class LoopGroup: Sendable {
    public let loops: [EventLoop]
    private let threads = Mutex<[pthread_t]>([])
    private let threadName: String

    /// Creates `count` loops (not started), whose threads are named `threadName-N`.
    public init(count: Int, threadName: String = "loop") throws(SystemCallError) {
        self.threadName = threadName
        precondition(count > 0, "a loop group needs at least one loop")
        var loops: [EventLoop] = []
        for index in 0..<count { loops.append(try EventLoop(index: index)) }
        self.loops = loops
    }

    /// Number of online CPUs.
    public static var coreCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// Starts every loop thread. `setup` runs first on each loop's own thread, with its context.
    /// Returns once every loop has finished `setup`; rethrows the first set-up error.
    public func start(setup: @escaping @Sendable (LoopContext) throws -> Void) throws {
        // Loops write to sockets whose peers may be gone; sendfile has no MSG_NOSIGNAL. EPIPE is
        // handled as an error, so SIGPIPE must not kill the process (a server's usual setting).
        CLinux_ignoreSIGPIPE()
        // Each loop thread allocates from its own malloc arena. With glibc's defaults a burst of frames
        // (more than the loop's chunk pool holds) frees memory at the top of that heap, which glibc
        // returns with madvise and takes back with mprotect moments later: ~60 madvise and ~160
        // mprotect per 10k relayed round trips at 200 sessions, plus the page faults to refill them.
        // Keep up to 8 MiB freed per heap instead (and serve blocks under 4 MiB from the heaps, not mmap).
        CLinux_keepFreedHeapMemory(8 << 20, 4 << 20, 1 << 20)
        let ready = Mutex<(started: Int, error: (any Error)?)>((0, nil))
        for loop in loops {
            let body: @Sendable () -> Void = {
                loop.bindToCurrentThread()
                let context: LoopContext
                do {
                    context = try LoopContext(loop: loop)
                    try setup(context)
                } catch {
                    ready.withLock { $0.started += 1; $0.error = $0.error ?? error }
                    return
                }
                ready.withLock { $0.started += 1 }
                context.run()
            }
            let thread = try NamedThread.spawn(name: "\(threadName)-\(loop.index)", body)
            threads.withLock { $0.append(thread) }
        }
        // Start-up is rare and short: a polling wait keeps this free of condition variables.
        while true {
            let state = ready.withLock { $0 }
            if state.started == loops.count {
                if let error = state.error {
                    stop()
                    join()
                    throw error
                }
                return
            }
            usleep(1000)
        }
    }

    /// Asks every loop to stop after its current iteration.
    public func stop() {
        for loop in loops { loop.execute { $0.stop() } }
    }

    /// Waits for every loop thread to end.
    public func join() {
        let taken = threads.withLock { threads in
            let all = threads
            threads.removeAll()
            return all
        }
        for thread in taken { pthread_join(thread, nil) }
    }
}
