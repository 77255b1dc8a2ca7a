// The writer's counters: bumped with relaxed atomics where things happen, read from any thread (/metrics).
import Synchronization

/// A snapshot of a writer's counters since it was created (summed over its threads).
public struct FrameLogStatistics: Sendable, Equatable {
    /// Records (frames, session_start, session_end) now in files.
    public var framesWritten: Int
    /// Records lost: queue full, write or open failures, writer stopped. Each loss is also marked in
    /// the session's file by a `frames_missing` record once the file can be written again.
    public var framesDropped: Int
    /// Bytes written to files (compressed bytes with gzip).
    public var bytesWritten: Int
    /// Failed attempts to create or write a file.
    public var writeErrors: Int
    /// Files deleted by retention.
    public var filesPruned: Int
    /// Session files open now.
    public var sessionsOpen: Int
    /// Sessions not logged because their id is not a relay session id (never used in a path).
    public var sessionsRefused: Int

    /// Two writer threads' counters together.
    static func + (lhs: Self, rhs: Self) -> Self {
        Self(framesWritten: lhs.framesWritten + rhs.framesWritten, framesDropped: lhs.framesDropped + rhs.framesDropped,
             bytesWritten: lhs.bytesWritten + rhs.bytesWritten, writeErrors: lhs.writeErrors + rhs.writeErrors,
             filesPruned: lhs.filesPruned + rhs.filesPruned, sessionsOpen: lhs.sessionsOpen + rhs.sessionsOpen,
             sessionsRefused: lhs.sessionsRefused + rhs.sessionsRefused)
    }
}

/// The live counters behind `FrameLogStatistics`. Each is a relaxed atomic: counts need no ordering
/// with the data they count, and a scrape may see one a moment before another.
final class WriterCounters: Sendable {
    let framesWritten = Atomic<Int>(0)
    let framesDropped = Atomic<Int>(0)
    let bytesWritten = Atomic<Int>(0)
    let writeErrors = Atomic<Int>(0)
    let filesPruned = Atomic<Int>(0)
    let sessionsOpen = Atomic<Int>(0)
    let sessionsRefused = Atomic<Int>(0)

    var snapshot: FrameLogStatistics {
        FrameLogStatistics(
            framesWritten: framesWritten.load(ordering: .relaxed), framesDropped: framesDropped.load(ordering: .relaxed),
            bytesWritten: bytesWritten.load(ordering: .relaxed), writeErrors: writeErrors.load(ordering: .relaxed),
            filesPruned: filesPruned.load(ordering: .relaxed), sessionsOpen: sessionsOpen.load(ordering: .relaxed),
            sessionsRefused: sessionsRefused.load(ordering: .relaxed))
    }

    static func add(_ counter: borrowing Atomic<Int>, _ amount: Int) {
        if amount != 0 { counter.wrappingAdd(amount, ordering: .relaxed) }
    }
}
