// One loop's records between two hand-overs: headers and payloads in one contiguous, reused buffer.
import JSON

/// Who a session is, for the writer: enough to name and open its file from any of its records.
struct FrameLogSessionIdentity: Sendable {
    /// Unique per writer (across its threads); a writer thread's table is keyed by it.
    let key: UInt64
    let id: String
    let startMicroseconds: Int64
}

/// A session's records in one batch: a contiguous seq range (a loop stages a session's records in
/// order), so a dropped batch says exactly which seqs went missing.
struct StagedSession {
    let identity: FrameLogSessionIdentity
    var firstSeq: UInt64
    var lastSeq: UInt64
    var count = 0
    /// The batch holds the session's session_end record.
    var ended = false
}

/// Records that never reached the writer, reported to it in a later batch.
struct FrameLoss: Sendable {
    let identity: FrameLogSessionIdentity
    var seqFrom: UInt64
    var seqTo: UInt64
    var count: Int
    let reason: String
    let microseconds: Int64
    /// The session_end record was among them: the writer closes the file after the mark.
    var sessionEnded: Bool
}

/// Staged records, in the order they were staged. The buffer only grows, and batches go back to the
/// pool after the writer is done, so a loop in its steady state allocates nothing per frame.
final class StagedBatch: @unchecked Sendable {
    // Unchecked: a batch has one owner at a time. The loop fills it, `BatchQueue` hands it to the writer
    // under its lock, `BatchPool` hands it back under its lock; nobody keeps a reference across those.
    private(set) var storage: UnsafeMutableRawPointer
    private(set) var capacity: Int
    private(set) var byteCount = 0
    private(set) var recordCount = 0
    var sessions: [StagedSession] = []
    var events: [JSONObject] = []
    var losses: [FrameLoss] = []

    static let initialCapacity = FrameLogConfiguration.handOverBytes + 64 * 1024

    init() {
        capacity = Self.initialCapacity
        storage = .allocate(byteCount: capacity, alignment: 16)
    }

    deinit { storage.deallocate() }

    /// Bytes this batch counts for against `maxQueuedBytes` (a floor covers its fixed overhead).
    var accountedBytes: Int { max(byteCount, 512) }

    /// Appends one record: its header, then payload and original bytes, copied once.
    func append(_ header: StagedRecordHeader, payload: UnsafeRawBufferPointer, original: UnsafeRawBufferPointer?) {
        let needed = byteCount + header.stagedSize
        if needed > capacity { grow(toHold: needed) }
        let base = storage + byteCount
        header.store(to: base)
        var offset = StagedRecordHeader.size
        if let source = payload.baseAddress, !payload.isEmpty {
            (base + offset).copyMemory(from: source, byteCount: payload.count)
            offset += payload.count
        }
        if let original, let source = original.baseAddress, !original.isEmpty {
            (base + offset).copyMemory(from: source, byteCount: original.count)
        }
        byteCount = needed
        recordCount += 1
    }

    /// Calls `body` with each record's header, payload and original (nil unless the frame was rewritten).
    func forEachRecord(_ body: (StagedRecordHeader, UnsafeRawBufferPointer, UnsafeRawBufferPointer?) -> Void) {
        var offset = 0
        while offset < byteCount {
            let header = StagedRecordHeader.load(from: storage + offset)
            let payloadStart = storage + offset + StagedRecordHeader.size
            let payload = UnsafeRawBufferPointer(start: payloadStart, count: header.payloadCount)
            let original = header.flags & StagedRecordHeader.hasOriginal != 0
                ? UnsafeRawBufferPointer(start: payloadStart + header.payloadCount, count: header.originalCount) : nil
            body(header, payload, original)
            offset += header.stagedSize
        }
    }

    /// Empties the batch for reuse; a buffer grown far past the usual size (one huge frame) shrinks back.
    func reset() {
        byteCount = 0
        recordCount = 0
        sessions.removeAll(keepingCapacity: true)
        events.removeAll(keepingCapacity: true)
        losses.removeAll(keepingCapacity: true)
        if capacity > 4 * Self.initialCapacity {
            storage.deallocate()
            capacity = Self.initialCapacity
            storage = .allocate(byteCount: capacity, alignment: 16)
        }
    }

    private func grow(toHold needed: Int) {
        let newCapacity = max(capacity * 2, needed)
        let newStorage = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
        newStorage.copyMemory(from: storage, byteCount: byteCount)
        storage.deallocate()
        storage = newStorage
        capacity = newCapacity
    }
}
