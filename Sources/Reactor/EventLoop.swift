// The shareable handle of one loop thread: post work to it from anywhere; its state stays on its thread.
#if canImport(Glibc)
import Glibc
#endif
import CLinux
import Posix
import Synchronization

/// A job for a loop. It receives the loop's context as a parameter instead of capturing loop state.
public typealias LoopJob = @Sendable (LoopContext) -> Void

/// Handle to one event loop; safe to share. The loop's own state lives in `LoopContext`, on the
/// loop's thread, and is reached only through jobs passed to `execute`.
public final class EventLoop: Sendable {
    /// Position in the group, 0-based (used in thread names, metrics and logs).
    public let index: Int
    private let jobs = Mutex<[LoopJob]>([])
    /// eventfd that wakes the loop's epoll_wait when a job arrives.
    let wakeupDescriptor: Int32
    private let threadID = Atomic<Int32>(0)

    init(index: Int) throws(SystemCallError) {
        self.index = index
        wakeupDescriptor = try retryingInterrupts("eventfd") { eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC)) }
    }

    deinit { close(wakeupDescriptor) }

    /// Runs `job` on the loop thread during its next iteration.
    public func execute(_ job: @escaping LoopJob) {
        let wasEmpty = jobs.withLock { queue in
            queue.append(job)
            return queue.count == 1
        }
        // One wakeup per batch: later jobs ride on the pending one.
        if wasEmpty {
            var one: UInt64 = 1
            _ = write(wakeupDescriptor, &one, 8)
        }
    }

    /// True on this loop's own thread.
    public var inEventLoop: Bool { threadID.load(ordering: .relaxed) == CLinux_gettid() }

    func bindToCurrentThread() { threadID.store(CLinux_gettid(), ordering: .relaxed) }

    /// Takes the queued jobs (on the loop thread, after the eventfd fired).
    func takeJobs() -> [LoopJob] {
        var value: UInt64 = 0
        _ = read(wakeupDescriptor, &value, 8)
        return jobs.withLock { queue in
            let taken = queue
            queue.removeAll(keepingCapacity: true)
            return taken
        }
    }
}

/// Drains the loop's job queue when its eventfd becomes readable.
final class MailboxHandler: LoopHandler {
    unowned let context: LoopContext

    init(context: LoopContext) { self.context = context }

    func handleReadiness(_ readiness: Readiness) {
        for job in context.loop.takeJobs() { job(context) }
    }
}
