// The frame log's writer: writer threads (one per loop by default) that turn staged records into JSON Lines files, off the loops.
#if canImport(Glibc)
import Glibc
#endif
import Logging
import Posix
import Reactor
import Synchronization

/// Owns the writer threads (`configuration.writerThreads` shards, `frame-log-0`, `frame-log-1`, …)
/// and what they share: the configuration, the open files retention must spare, and the warnings
/// logged once. Create it at start-up (it checks the log dir), `start()` it, give it to each loop's
/// `FrameLogStaging` (loop `i` uses shard `i % writerThreads`), and `stop()` it after the loops
/// have stopped.
public final class FrameLogWriter: Sendable {
    public let configuration: FrameLogConfiguration
    let logger: Logger
    let files: any FrameLogFileSystem
    let shards: [FrameLogWriterShard]
    /// Files any shard has open (or is creating): retention never deletes them.
    let openFiles = OpenFileNames()
    private let queueFullReported = Atomic<Bool>(false)
    private let refusalReported = Atomic<Bool>(false)
    /// Write failure causes already logged, by any shard.
    private let reportedReasons = Mutex<Set<String>>([])

    /// Creates the log dir when missing (mode 0700, parents too) and checks that it can be written.
    /// The error says what to do (another `--log-dir`, or `--no-frame-log`).
    public convenience init(configuration: FrameLogConfiguration, logger: Logger) throws(FrameLogError) {
        try self.init(configuration: configuration, logger: logger, files: PosixFrameLogFileSystem())
    }

    /// As above, with the files created by `files` (tests substitute files that block or fail).
    init(configuration: FrameLogConfiguration, logger: Logger, files: any FrameLogFileSystem) throws(FrameLogError) {
        var configuration = configuration
        while configuration.directory.count > 1, configuration.directory.hasSuffix("/") {
            configuration.directory.removeLast()
        }
        configuration.writerThreads = max(1, configuration.writerThreads)
        let prepared = try LogDirectory.prepare(configuration.directory)
        if prepared.isShared {
            logger.warning("the frame log dir can be read by other users; its files are 0600, but consider chmod 700",
                           metadata: ["dir": "\(configuration.directory)"])
        }
        self.configuration = configuration
        self.logger = logger
        self.files = files
        let count = configuration.writerThreads
        // The queue bound is for all shards together: each holds an even share.
        let share = max(1, (configuration.maxQueuedBytes + count - 1) / count)
        shards = (0..<count).map { FrameLogWriterShard(index: $0, of: count, maxQueuedBytes: share) }
    }

    /// Starts the writer threads (once; later calls do nothing).
    public func start() {
        for shard in shards { shard.start(writer: self) }
    }

    /// Writes everything handed over so far, ends every open file (the gzip trailer too) and joins
    /// the threads. Later batches are refused and counted as dropped. Idempotent.
    public func stop() {
        start()  // a writer that never ran still writes what was handed to it
        let handles = shards.compactMap { $0.beginStop() }  // all drain at once
        for handle in handles { pthread_join(handle, nil) }
    }

    /// The counters summed over all writer threads, cheap to read from any thread.
    public var statistics: FrameLogStatistics {
        shards.dropFirst().reduce(shards[0].counters.snapshot) { $0 + $1.counters.snapshot }
    }

    /// Each writer thread's counters, in shard order.
    var shardStatistics: [FrameLogStatistics] { shards.map(\.counters.snapshot) }

    /// Blocks until everything handed over before the call is in its files (for tests and tools;
    /// records still staged on a loop are handed over when that loop next sleeps).
    public func flushForTesting() {
        for shard in shards { shard.queue.flushAndWait() }
    }

    // MARK: For the loops and the writer threads

    /// The shard that writes the sessions of loop `index`.
    func shard(forLoop index: Int) -> FrameLogWriterShard { shards[index % shards.count] }

    func reportQueueFull() {
        guard !queueFullReported.load(ordering: .relaxed),
              queueFullReported.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged else { return }
        logger.warning(
            "the frame log cannot keep up (queue full: the writer thread lacks CPU, or the disk is slow or full); relaying goes on, lost frames are counted in metrics and marked by frames_missing records in their session files; not reported again",
            metadata: ["dir": "\(configuration.directory)", "max_queued_bytes": "\(configuration.maxQueuedBytes)",
                       "writer_threads": "\(shards.count)"])
    }

    func refused(sessionID: String, by shard: FrameLogWriterShard) {
        WriterCounters.add(shard.counters.sessionsRefused, 1)
        guard refusalReported.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged else { return }
        logger.warning("a session id is not a relay session id (rs_ + 16 of [0-9a-z]); its frames are not logged; not reported again",
                       metadata: ["session_id_length": "\(sessionID.utf8.count)"])
    }

    /// True the first time `reason` is reported by any writer thread.
    func firstReport(of reason: String) -> Bool {
        reportedReasons.withLock { $0.insert(reason).inserted }
    }
}
