// A loop's side of the frame log: records copied into one reused buffer, handed to the loop's writer thread once per iteration.
import JSON
import Logging
import Reactor

/// Stages the records of every session on one loop. Loop-confined: keep it as the loop's attachment
/// (`FrameLogStaging.on(context, writer:)`). Loop `i`'s batches go to the writer's shard
/// `i % writerThreads` only (its own writer thread, by default).
///
/// A frame costs one copy of its payload into the current batch and a 48-byte header; no JSON work,
/// no lock, no allocation once the batch buffer has grown to the loop's usual size. The batch goes
/// to the writer before the loop next sleeps (`flushBeforeSleep`), or at once past 256 KiB. When
/// the writer's queue is full the batch is dropped, counted, and reported to the writer in a later
/// batch so each affected file gets a `frames_missing` record.
public final class FrameLogStaging: LoopFlushable {
    let writer: FrameLogWriter
    /// The writer thread of this loop: its queue, batch pool and counters.
    let shard: FrameLogWriterShard
    private unowned let context: LoopContext
    private var batch: StagedBatch?
    /// Advances with each hand-over: a session's cached slot is valid only for the current batch.
    private(set) var generation: UInt64 = 0
    private var handOverScheduled = false
    /// Losses from dropped batches not yet delivered, and where each session's entry is.
    private var pendingLosses: [FrameLoss] = []
    private var pendingLossIndex: [UInt64: Int] = [:]
    private var retryTimer: LoopTimer?

    /// Delivering losses again after a refusal, when no new record triggers a hand-over.
    private static let lossRetryNanoseconds: UInt64 = 100_000_000

    init(context: LoopContext, writer: FrameLogWriter) {
        self.context = context
        self.writer = writer
        shard = writer.shard(forLoop: context.loop.index)
    }

    /// The loop's staging for `writer`, created on first use.
    public static func on(_ context: LoopContext, writer: FrameLogWriter) -> FrameLogStaging {
        if let existing = context.attachment(FrameLogStaging.self), existing.writer === writer { return existing }
        let created = FrameLogStaging(context: context, writer: writer)
        context.setAttachment(created, for: FrameLogStaging.self)
        return created
    }

    /// Starts logging session `id` and stages its `session_start` record (seq 1) with `start`'s fields.
    /// An id that is not a relay session id (`rs_` + 16 of `[0-9a-z]`) is refused: the session is
    /// returned inert (`isRecording == false`), counted and reported, and nothing reaches a path.
    public func open(session id: String, start: JSONObject) -> FrameLogSession {
        guard FrameLogFileName.isValidSessionID(id) else {
            writer.refused(sessionID: id, by: shard)
            return FrameLogSession(refused: id)
        }
        let identity = FrameLogSessionIdentity(key: shard.nextSessionKey(), id: id,
                                               startMicroseconds: UTCTimestamp.nowMicroseconds())
        let session = FrameLogSession(staging: self, identity: identity)
        session.stageEvent(.sessionStart, fields: start, microseconds: identity.startMicroseconds)
        return session
    }

    // MARK: Staging (called by FrameLogSession)

    /// The batch being filled, and `session`'s slot in it.
    @inline(__always)
    func batchAndSlot(for session: FrameLogSession, seq: UInt64) -> (StagedBatch, UInt32) {
        let current: StagedBatch
        if let batch {
            current = batch
        } else {
            current = shard.pool.take()
            batch = current
        }
        if session.batchGeneration != generation {
            session.batchGeneration = generation
            session.batchSlot = UInt32(current.sessions.count)
            current.sessions.append(StagedSession(identity: session.identity, firstSeq: seq, lastSeq: seq))
        }
        return (current, session.batchSlot)
    }

    /// Called after each staged record: note it for its session, schedule the hand-over.
    @inline(__always)
    func staged(_ batch: StagedBatch, slot: UInt32, seq: UInt64, ended: Bool) {
        let index = Int(slot)
        batch.sessions[index].lastSeq = seq
        batch.sessions[index].count += 1
        if ended { batch.sessions[index].ended = true }
        if batch.byteCount >= FrameLogConfiguration.handOverBytes {
            handOver()
        } else if !handOverScheduled {
            handOverScheduled = true
            context.flushBeforeSleep(self)
        }
    }

    // MARK: Hand-over

    public func flushBeforeSleep() {
        handOverScheduled = false
        handOver()
    }

    /// Gives the current batch (with any undelivered losses) to the loop's writer thread, or drops it
    /// when that thread's queue is full.
    func handOver() {
        guard batch != nil || !pendingLosses.isEmpty else { return }
        let outgoing = batch ?? shard.pool.take()
        batch = nil
        generation &+= 1
        swap(&outgoing.losses, &pendingLosses)
        pendingLossIndex.removeAll(keepingCapacity: true)
        let offer = shard.queue.offer(outgoing)
        if offer == .accepted { return }
        // Refused: take the losses back, add this batch's records to them, count and report.
        swap(&outgoing.losses, &pendingLosses)
        for (index, loss) in pendingLosses.enumerated() { pendingLossIndex[loss.identity.key] = index }
        WriterCounters.add(shard.counters.framesDropped, outgoing.recordCount)
        if offer == .full {
            writer.reportQueueFull()
            let now = UTCTimestamp.nowMicroseconds()
            for session in outgoing.sessions { noteLoss(session, microseconds: now) }
            scheduleLossRetry()
        } else {
            pendingLosses.removeAll()  // stopped: no file will be written again
            pendingLossIndex.removeAll()
        }
        shard.pool.give(outgoing)
    }

    private func noteLoss(_ session: StagedSession, microseconds: Int64) {
        if let index = pendingLossIndex[session.identity.key] {
            pendingLosses[index].seqTo = session.lastSeq
            pendingLosses[index].count += session.count
            pendingLosses[index].sessionEnded = pendingLosses[index].sessionEnded || session.ended
        } else {
            pendingLossIndex[session.identity.key] = pendingLosses.count
            pendingLosses.append(FrameLoss(identity: session.identity, seqFrom: session.firstSeq, seqTo: session.lastSeq,
                                           count: session.count, reason: FrameLoss.queueFull, microseconds: microseconds,
                                           sessionEnded: session.ended))
        }
    }

    /// Losses must reach the writer even if no session stages another record on this loop.
    private func scheduleLossRetry() {
        let timer = retryTimer ?? LoopTimer(context: context) { [weak self] in self?.handOver() }
        retryTimer = timer
        timer.schedule(after: Self.lossRetryNanoseconds)
    }
}

extension FrameLoss {
    static let queueFull = "log queue full"
}

@available(*, unavailable, message: "a FrameLogStaging belongs to one loop thread")
extension FrameLogStaging: Sendable {}
