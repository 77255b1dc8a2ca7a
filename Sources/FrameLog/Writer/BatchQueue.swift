// The hand-over between loops and the writer thread: a bounded queue, one lock per batch, never a wait for a loop.
#if canImport(Glibc)
import Glibc
#endif
import Posix

/// Batches handed over by loops, waiting for their writer thread (one queue per thread). A loop only ever takes the lock for an
/// append (or a refusal when full): the writer never holds it during I/O, so a slow disk cannot
/// stall a loop. The writer sleeps on a condition until there is enough to do, a flush is asked for,
/// or its next deadline (flush interval, retention) comes.
final class BatchQueue: @unchecked Sendable {
    // Unchecked: every stored var below is read and written only with `mutex` held.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    /// Signalled for the writer: work arrived, a flush was asked for, or stop.
    private let arrived = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// Broadcast by the writer when it completes a flush or ends.
    private let progressed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    private var batches: [StagedBatch] = []
    /// Bytes handed over and not yet given back by the writer (queued or being written): the bound.
    private var heldBytes = 0
    /// Bytes in `batches`, not yet taken: what decides whether to wake the writer early.
    private var waitingBytes = 0
    private var writerSleeping = false
    private var stopping = false
    private var writerRunning = false
    private var flushRequested: UInt64 = 0
    private var flushCompleted: UInt64 = 0

    let maxBytes: Int
    /// The writer is woken early once this much is queued, rather than at its next deadline.
    let wakeBytes: Int

    enum Offer { case accepted, full, stopped }

    struct Work {
        var batches: [StagedBatch]
        /// Set when a flush was asked for: complete it with `completeFlush` once everything is written.
        var flushTicket: UInt64?
        var stopping: Bool
    }

    init(maxBytes: Int) {
        self.maxBytes = maxBytes
        wakeBytes = max(1, min(maxBytes / 4, 1024 * 1024))
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)  // deadlines from MonotonicClock
        pthread_cond_init(arrived, &attributes)
        pthread_condattr_destroy(&attributes)
        pthread_cond_init(progressed, nil)
    }

    deinit {
        pthread_cond_destroy(arrived)
        pthread_cond_destroy(progressed)
        pthread_mutex_destroy(mutex)
        arrived.deallocate()
        progressed.deallocate()
        mutex.deallocate()
    }

    private func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }

    // MARK: Loops

    /// Queues `batch` unless that would pass `maxBytes` (a batch larger than the bound on its own is
    /// accepted into an empty queue, so one huge frame can still be logged).
    func offer(_ batch: StagedBatch) -> Offer {
        let size = batch.accountedBytes
        return locked {
            if stopping { return .stopped }
            if heldBytes + size > maxBytes, heldBytes > 0 { return .full }
            batches.append(batch)
            heldBytes += size
            waitingBytes += size
            if writerSleeping, waitingBytes >= wakeBytes { pthread_cond_signal(arrived) }
            return .accepted
        }
    }

    // MARK: The writer

    /// Waits until there is work or `deadline` (MonotonicClock nanoseconds) passes, then takes every
    /// queued batch.
    func take(until deadline: UInt64) -> Work {
        locked {
            while !stopping, flushRequested == flushCompleted, waitingBytes < wakeBytes {
                let now = MonotonicClock.now()
                if now >= deadline { break }
                var spec = timespec(tv_sec: Int(deadline / 1_000_000_000), tv_nsec: Int(deadline % 1_000_000_000))
                writerSleeping = true
                pthread_cond_timedwait(arrived, mutex, &spec)
                writerSleeping = false
            }
            let taken = batches
            batches.removeAll(keepingCapacity: true)
            waitingBytes = 0
            return Work(batches: taken, flushTicket: flushRequested > flushCompleted ? flushRequested : nil,
                        stopping: stopping)
        }
    }

    /// The writer is done with batches worth `bytes`: they no longer count against `maxBytes`.
    func release(_ bytes: Int) {
        guard bytes > 0 else { return }
        locked { heldBytes -= bytes }
    }

    func completeFlush(_ ticket: UInt64) {
        locked {
            flushCompleted = max(flushCompleted, ticket)
            pthread_cond_broadcast(progressed)
        }
    }

    func writerStarted() { locked { writerRunning = true } }

    /// The writer ended: nobody will complete flushes any more.
    func writerEnded() {
        locked {
            writerRunning = false
            pthread_cond_broadcast(progressed)
        }
    }

    // MARK: Control

    /// Blocks until the writer has written everything queued before this call (returns at once
    /// when no writer runs).
    func flushAndWait() {
        locked {
            guard writerRunning else { return }
            flushRequested += 1
            let ticket = flushRequested
            pthread_cond_signal(arrived)
            while writerRunning, flushCompleted < ticket { pthread_cond_wait(progressed, mutex) }
        }
    }

    /// Refuses further batches and wakes the writer, which drains what is queued and ends.
    func stop() {
        locked {
            stopping = true
            pthread_cond_signal(arrived)
        }
    }
}
