// One writer thread of the frame log and what the loops it serves share with it: queue, batch pool, counters.
#if canImport(Glibc)
import Glibc
#endif
import Posix
import Reactor
import Synchronization

/// One of a `FrameLogWriter`'s threads (`frame-log-<index>`). Loop `i` hands its batches to shard
/// `i % shardCount` only, so with one shard per loop no two loops share a queue, a pool or a
/// counter.
final class FrameLogWriterShard: Sendable {
    let index: Int
    let queue: BatchQueue
    let pool = BatchPool()
    let counters = WriterCounters()
    private let thread = Mutex<ThreadState>(.notStarted)
    /// Session keys: this shard hands out `index + 1 + k * shardCount`, so keys are unique across shards.
    private let sessionsOpened = Atomic<UInt64>(0)
    private let shardCount: UInt64

    private enum ThreadState: Sendable {
        case notStarted, running(pthread_t), stopped
    }

    init(index: Int, of shardCount: Int, maxQueuedBytes: Int) {
        self.index = index
        self.shardCount = UInt64(shardCount)
        queue = BatchQueue(maxBytes: maxQueuedBytes)
    }

    var threadName: String { "frame-log-\(index)" }

    func nextSessionKey() -> UInt64 {
        let opened = sessionsOpened.wrappingAdd(1, ordering: .relaxed).oldValue
        return opened &* shardCount &+ UInt64(index) &+ 1
    }

    /// Starts the thread (once; later calls do nothing).
    func start(writer: FrameLogWriter) {
        thread.withLock { state in
            guard case .notStarted = state else { return }
            queue.writerStarted()
            do {
                let handle = try NamedThread.spawn(name: threadName) { [self] in
                    WriterLoop(writer: writer, shard: self).run()
                    queue.writerEnded()
                }
                state = .running(handle)
            } catch {
                queue.writerEnded()
                queue.stop()  // its loops' batches are refused and counted as dropped
                writer.logger.error("cannot start a frame log writer thread; the frames of its loops will not be logged",
                                    metadata: ["thread": "\(threadName)", "error": "\(error)"])
                state = .stopped
            }
        }
    }

    /// Refuses further batches and tells the thread to write what it holds and end; returns the
    /// thread to join (nil when it does not run).
    func beginStop() -> pthread_t? {
        let handle: pthread_t? = thread.withLock { state in
            guard case .running(let handle) = state else { return nil }
            state = .stopped
            return handle
        }
        if handle != nil { queue.stop() }
        return handle
    }
}
