// What the frame log writes, where, and how much it may hold back (`--log-dir`, `--log-gzip`, `--log-audio`, retention).

/// Settings of one `FrameLogWriter`.
public struct FrameLogConfiguration: Sendable {
    /// The log dir; created with mode 0700 (parents too) when missing.
    public var directory: String
    /// Write `.jsonl.gz` (one gzip stream per file, sync-flushed) instead of `.jsonl`.
    public var gzip: Bool
    /// What happens to base64 audio in audio events.
    public var audio: AudioLogging
    /// Log files whose last write is older than this are deleted; nil keeps them.
    public var maxAgeSeconds: Double?
    /// When our files in the log dir total more than this, the oldest are deleted; nil means no cap.
    public var maxBytes: Int64?
    /// Longest time a handed-over record waits before it is written to its file.
    public var flushInterval: Double
    /// Bytes of staged records waiting for the writer threads (all together); batches beyond it are
    /// dropped (and counted, and marked in the files) rather than slowing the loops.
    public var maxQueuedBytes: Int
    /// How often retention runs (it also runs when the writer starts).
    public var retentionInterval: Double
    /// Writer threads (shards). Loop `i` hands its records to thread `i % writerThreads`; `serve`
    /// makes one per loop (`--log-writers`). `maxQueuedBytes` is split evenly among them.
    public var writerThreads: Int

    public init(directory: String, gzip: Bool = false, audio: AudioLogging = .full, maxAgeSeconds: Double? = nil,
                maxBytes: Int64? = nil, flushInterval: Double = 1, maxQueuedBytes: Int = 64 * 1024 * 1024,
                retentionInterval: Double = 60, writerThreads: Int = 1) {
        self.directory = directory
        self.gzip = gzip
        self.audio = audio
        self.maxAgeSeconds = maxAgeSeconds
        self.maxBytes = maxBytes
        self.flushInterval = flushInterval
        self.maxQueuedBytes = maxQueuedBytes
        self.retentionInterval = retentionInterval
        self.writerThreads = writerThreads
    }

    /// A loop hands its staged records over early once they reach this size.
    static let handOverBytes = 256 * 1024
    /// A session's formatted records are written once they reach this size, before the next flush.
    static let fileChunkBytes = 256 * 1024
}
