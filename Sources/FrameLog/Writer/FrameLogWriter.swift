// The frame log's writer: one thread that turns staged records into JSON Lines files, off the loops.
#if canImport(Glibc)
import Glibc
#endif
import Logging
import Posix
import Reactor
import Synchronization

/// Owns the writer thread and what loops share with it: the bounded hand-over queue, the batch
/// pool and the counters. Create it at start-up (it checks the log dir), `start()` it, give it to
/// each loop's `FrameLogStaging`, and `stop()` it after the loops have stopped.
public final class FrameLogWriter: Sendable {
    public let configuration: FrameLogConfiguration
    let logger: Logger
    let queue: BatchQueue
    let pool = BatchPool()
    let counters = WriterCounters()
    let files: any FrameLogFileSystem
    private let thread = Mutex<ThreadState>(.notStarted)
    private let lastSessionKey = Atomic<UInt64>(0)
    private let queueFullReported = Atomic<Bool>(false)
    private let refusalReported = Atomic<Bool>(false)

    private enum ThreadState: Sendable {
        case notStarted, running(pthread_t), stopped
    }

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
        let prepared = try LogDirectory.prepare(configuration.directory)
        if prepared.isShared {
            logger.warning("the frame log dir can be read by other users; its files are 0600, but consider chmod 700",
                           metadata: ["dir": "\(configuration.directory)"])
        }
        self.configuration = configuration
        self.logger = logger
        self.files = files
        queue = BatchQueue(maxBytes: configuration.maxQueuedBytes)
    }

    /// Starts the writer thread (once; later calls do nothing).
    public func start() {
        thread.withLock { state in
            guard case .notStarted = state else { return }
            queue.writerStarted()
            do {
                let handle = try NamedThread.spawn(name: "frame-log") { [self] in
                    WriterLoop(writer: self).run()
                    queue.writerEnded()
                }
                state = .running(handle)
            } catch {
                queue.writerEnded()
                logger.error("cannot start the frame log writer thread; frames will not be logged",
                             metadata: ["error": "\(error)"])
                state = .stopped
            }
        }
    }

    /// Writes everything handed over so far, ends every open file (the gzip trailer too) and joins
    /// the thread. Later batches are refused and counted as dropped. Idempotent.
    public func stop() {
        start()  // a writer that never ran still writes what was handed to it
        let handle: pthread_t? = thread.withLock { state in
            guard case .running(let handle) = state else { return nil }
            state = .stopped
            return handle
        }
        guard let handle else { return }
        queue.stop()
        pthread_join(handle, nil)
    }

    /// The counters, cheap to read from any thread.
    public var statistics: FrameLogStatistics { counters.snapshot }

    /// Blocks until everything handed over before the call is in its files (for tests and tools;
    /// records still staged on a loop are handed over when that loop next sleeps).
    public func flushForTesting() { queue.flushAndWait() }

    // MARK: For the loops

    func nextSessionKey() -> UInt64 { lastSessionKey.wrappingAdd(1, ordering: .relaxed).newValue }

    func reportQueueFull() {
        guard queueFullReported.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged else { return }
        logger.warning(
            "the frame log cannot keep up (queue full: the writer thread lacks CPU, or the disk is slow or full); relaying goes on, lost frames are counted in metrics and marked by frames_missing records in their session files; not reported again",
            metadata: ["dir": "\(configuration.directory)", "max_queued_bytes": "\(configuration.maxQueuedBytes)"])
    }

    func refused(sessionID: String) {
        WriterCounters.add(counters.sessionsRefused, 1)
        guard refusalReported.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged else { return }
        logger.warning("a session id is not a relay session id (rs_ + 16 of [0-9a-z]); its frames are not logged; not reported again",
                       metadata: ["session_id_length": "\(sessionID.utf8.count)"])
    }
}
