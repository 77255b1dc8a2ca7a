// A writer thread's run loop: take its shard's batches, format records into their sessions' files, flush on time, prune.
import JSON
import Logging
import Posix

/// Everything one writer thread owns. Created on that thread by `FrameLogWriterShard.start`.
final class WriterLoop {
    let writer: FrameLogWriter
    let queue: BatchQueue
    let pool: BatchPool
    let counters: WriterCounters
    let gzip: Bool
    var formatter: FrameRecordFormatter
    var sessions: [UInt64: SessionLogFile] = [:]
    /// Sessions whose end arrived in the batch being processed: finished after it.
    var finishing: [SessionLogFile] = []
    /// Compressed output of the file being written (reused).
    var output: [UInt8] = []
    /// Bytes held in `retained` across this thread's failing files; past its share of
    /// `maxQueuedBytes`, failing files are abandoned.
    var retainedBytes = 0
    /// Retention runs on the first writer thread only, so never twice at once.
    private let pruner: RetentionPruner?

    init(writer: FrameLogWriter, shard: FrameLogWriterShard) {
        self.writer = writer
        queue = shard.queue
        pool = shard.pool
        counters = shard.counters
        let configuration = writer.configuration
        gzip = configuration.gzip
        formatter = FrameRecordFormatter(audio: configuration.audio)
        pruner = shard.index != 0 || configuration.maxAgeSeconds == nil && configuration.maxBytes == nil ? nil
            : RetentionPruner(directory: configuration.directory, maxAgeSeconds: configuration.maxAgeSeconds,
                              maxBytes: configuration.maxBytes)
    }

    func run() {
        let configuration = writer.configuration
        let flushInterval = Nanoseconds.seconds(max(0.01, configuration.flushInterval))
        let pruneInterval = Nanoseconds.seconds(max(0.01, configuration.retentionInterval))
        prune()
        var nextFlush = MonotonicClock.now() + flushInterval
        var nextPrune = MonotonicClock.now() + pruneInterval
        while true {
            let deadline = pruner == nil ? nextFlush : min(nextFlush, nextPrune)
            let work = queue.take(until: deadline)
            var released = 0
            for batch in work.batches {
                process(batch)
                released += batch.accountedBytes
                pool.give(batch)
            }
            queue.release(released)
            let now = MonotonicClock.now()
            if work.stopping, work.batches.isEmpty {
                closeAll()
                if let ticket = work.flushTicket { queue.completeFlush(ticket) }
                return
            }
            if work.flushTicket != nil || now >= nextFlush {
                flushAll()
                nextFlush = now + flushInterval
            }
            if let ticket = work.flushTicket { queue.completeFlush(ticket) }
            if pruner != nil, now >= nextPrune {
                prune()
                nextPrune = now + pruneInterval
            }
        }
    }

    // MARK: Batches

    private func process(_ batch: StagedBatch) {
        for loss in batch.losses {
            let log = sessionLog(for: loss.identity)
            log.noteMissing(seqFrom: loss.seqFrom, seqTo: loss.seqTo, count: loss.count, reason: loss.reason,
                            microseconds: loss.microseconds)
            if log.isHealthy { emitMissing(log) }
            if loss.sessionEnded { markEnded(log) }
        }
        batch.forEachRecord { header, payload, original in
            let log = sessionLog(for: batch.sessions[Int(header.slot)].identity)
            if header.kind == .sessionEnd { markEnded(log) }
            guard log.isHealthy else {
                drop(header.seq, of: log)
                return
            }
            append(header, payload: payload, original: original, events: batch.events, to: log)
            if log.pending.count >= FrameLogConfiguration.fileChunkBytes { write(log) }
        }
        for log in finishing { finish(log) }
        finishing.removeAll(keepingCapacity: true)
    }

    /// Formats one staged record into the session's pending lines.
    private func append(_ header: StagedRecordHeader, payload: UnsafeRawBufferPointer,
                        original: UnsafeRawBufferPointer?, events: [JSONObject], to log: SessionLogFile) {
        let session = log.identity.id
        switch header.kind {
        case .frame:
            formatter.appendFrame(session: session, seq: header.seq, microseconds: header.microseconds,
                                  direction: header.direction, opcode: header.opcode, payload: payload,
                                  original: original, to: &log.pending)
        case .close:
            let code = header.flags & StagedRecordHeader.hasCloseCode != 0 ? header.closeCode : nil
            formatter.appendClose(session: session, seq: header.seq, microseconds: header.microseconds,
                                  direction: header.direction, code: code,
                                  reason: String(decoding: payload, as: UTF8.self), to: &log.pending)
        case .sessionStart, .sessionEnd:
            formatter.appendSessionEvent(header.kind == .sessionStart ? "session_start" : "session_end",
                                         session: session, seq: header.seq, microseconds: header.microseconds,
                                         fields: events[Int(header.eventIndex)], to: &log.pending)
        }
        log.pendingRecords += 1
    }

    /// The session's file state, created (and its file opened) on the session's first record or loss,
    /// whichever arrives first: a lost session_start does not keep the file from being written.
    private func sessionLog(for identity: FrameLogSessionIdentity) -> SessionLogFile {
        if let existing = sessions[identity.key] { return existing }
        let log = SessionLogFile(identity: identity, gzip: gzip)
        sessions[identity.key] = log
        if log.name == nil {
            log.isAbandoned = true
        } else {
            open(log)
        }
        return log
    }

    private func markEnded(_ log: SessionLogFile) {
        log.ended = true
        if !log.isQueuedForFinish {
            log.isQueuedForFinish = true
            finishing.append(log)
        }
    }

    /// A record that cannot be written now: counted, and marked in the file once it can be written.
    private func drop(_ seq: UInt64, of log: SessionLogFile) {
        WriterCounters.add(counters.framesDropped, 1)
        guard !log.isAbandoned else { return }
        log.noteMissing(seqFrom: seq, seqTo: seq, count: 1, reason: log.failure ?? "write failed",
                        microseconds: UTCTimestamp.nowMicroseconds())
    }

    /// Writes the `frames_missing` records a healthy file owes, ahead of anything pending after them.
    func emitMissing(_ log: SessionLogFile) {
        for range in log.missing {
            formatter.appendFramesMissing(session: log.identity.id, microseconds: range.microseconds,
                                          seqFrom: range.seqFrom, seqTo: range.seqTo, count: range.count,
                                          reason: range.reason, to: &log.pending)
        }
        log.missing.removeAll()
    }

    // MARK: Retention

    private func prune() {
        guard let pruner else { return }
        let now = Double(UTCTimestamp.nowMicroseconds()) / 1e6
        let outcome = pruner.prune(keeping: writer.openFiles, now: now)
        guard outcome.files > 0 else { return }
        WriterCounters.add(counters.filesPruned, outcome.files)
        writer.logger.info("pruned old frame logs", metadata: [
            "files": "\(outcome.files)", "bytes": "\(outcome.bytes)", "dir": "\(writer.configuration.directory)",
        ])
    }
}

@available(*, unavailable, message: "a WriterLoop belongs to the writer thread")
extension WriterLoop: Sendable {}
