// The writer's state for one session's file: formatted records not yet written, failures, and gaps to mark.

/// A run of seqs that will never be in the file, and why (written as a `frames_missing` record).
struct MissingRange {
    var seqFrom: UInt64
    var seqTo: UInt64
    var count: Int
    let reason: String
    let microseconds: Int64
}

/// One session's file as the writer thread sees it.
///
/// - Healthy: `failure` is nil; records are formatted into `pending` and written at the next flush
///   (or at once past `FrameLogConfiguration.fileChunkBytes`).
/// - Failing: a create or write failed. Bytes already produced for the file stay in `retained`
///   (a gzip stream cannot skip bytes; a plain file must not keep half a line) and are retried at
///   each flush; records arriving meanwhile are dropped and remembered in `missing`. Once the
///   retry succeeds, the `frames_missing` records go in first.
/// - Abandoned: failing while the retained bytes of all files passed their bound; nothing more
///   is written to this file.
final class SessionLogFile {
    let identity: FrameLogSessionIdentity
    /// The file name, or nil when the id is not a session id (never happens for ids the loops
    /// accepted; checked again because it becomes a path).
    let name: String?
    var file: (any FrameLogFile)?
    var deflater: GzipDeflater?

    var pending: [UInt8] = []
    var pendingRecords = 0
    var retained: [UInt8] = []
    var retainedRecords = 0
    var failure: String?
    var isAbandoned = false
    var missing: [MissingRange] = []
    /// The session_end record (or the loss of it) has arrived: the file closes once written.
    var ended = false
    var isQueuedForFinish = false

    init(identity: FrameLogSessionIdentity, gzip: Bool) {
        self.identity = identity
        name = FrameLogFileName.name(session: identity.id, startMicroseconds: identity.startMicroseconds, gzip: gzip)
    }

    var isHealthy: Bool { failure == nil && !isAbandoned && file != nil }

    /// Remembers seqs that will not be written; neighbouring seqs lost for the same reason merge.
    func noteMissing(seqFrom: UInt64, seqTo: UInt64, count: Int, reason: String, microseconds: Int64) {
        if let last = missing.last, last.reason == reason, last.seqTo &+ 1 == seqFrom {
            missing[missing.count - 1].seqTo = seqTo
            missing[missing.count - 1].count += count
            return
        }
        missing.append(MissingRange(seqFrom: seqFrom, seqTo: seqTo, count: count, reason: reason,
                                    microseconds: microseconds))
    }
}

@available(*, unavailable, message: "a SessionLogFile belongs to the writer thread")
extension SessionLogFile: Sendable {}
