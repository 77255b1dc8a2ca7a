// One relay session's records, stamped on the loop: seq strictly increasing from 1, ts from CLOCK_REALTIME.
import JSON
import Reactor

/// Stages the records of one relay session. Loop-confined: create it with
/// `FrameLogStaging.open(session:start:)` and use it on that loop only.
///
/// `session_start` is seq 1; frames, closes and `session_end` take the next seqs. After `end`, calls
/// are ignored.
public final class FrameLogSession {
    /// The relay's session id.
    public let id: String
    /// False for a refused id (not `rs_` + 16 of `[0-9a-z]`) and after `end`.
    public private(set) var isRecording: Bool
    /// The seq of the last record staged (0 before any).
    public private(set) var lastSeq: UInt64 = 0

    let identity: FrameLogSessionIdentity
    private let staging: FrameLogStaging?
    /// The staging generation `batchSlot` belongs to.
    var batchGeneration: UInt64 = .max
    var batchSlot: UInt32 = 0

    init(staging: FrameLogStaging, identity: FrameLogSessionIdentity) {
        self.staging = staging
        self.identity = identity
        id = identity.id
        isRecording = true
    }

    init(refused id: String) {
        staging = nil
        identity = FrameLogSessionIdentity(key: 0, id: id, startMicroseconds: 0)
        self.id = id
        isRecording = false
    }

    /// A text, binary, ping or pong frame going `direction`. `original` is the payload as received
    /// when the relay rewrote it. The bytes are copied before this returns.
    public func frame(_ direction: FrameDirection, _ opcode: FrameLogOpcode, payload: UnsafeRawBufferPointer,
                      original: UnsafeRawBufferPointer? = nil) {
        guard isRecording, let staging else { return }
        lastSeq += 1
        let (batch, slot) = staging.batchAndSlot(for: self, seq: lastSeq)
        var header = StagedRecordHeader(kind: .frame, slot: slot, seq: lastSeq,
                                        microseconds: UTCTimestamp.nowMicroseconds())
        header.direction = direction
        header.opcode = opcode
        header.payloadCount = payload.count
        if let original {
            header.flags = StagedRecordHeader.hasOriginal
            header.originalCount = original.count
        }
        batch.append(header, payload: payload, original: original)
        staging.staged(batch, slot: slot, seq: lastSeq, ended: false)
    }

    /// A close frame going `direction`: its code (nil for a close without a payload) and reason.
    public func close(_ direction: FrameDirection, code: UInt16?, reason: String) {
        guard isRecording, let staging else { return }
        lastSeq += 1
        let (batch, slot) = staging.batchAndSlot(for: self, seq: lastSeq)
        var header = StagedRecordHeader(kind: .close, slot: slot, seq: lastSeq,
                                        microseconds: UTCTimestamp.nowMicroseconds())
        header.direction = direction
        header.opcode = .close
        if let code {
            header.flags = StagedRecordHeader.hasCloseCode
            header.closeCode = code
        }
        var reason = reason
        reason.withUTF8 { utf8 in
            header.payloadCount = utf8.count
            batch.append(header, payload: UnsafeRawBufferPointer(utf8), original: nil)
        }
        staging.staged(batch, slot: slot, seq: lastSeq, ended: false)
    }

    /// Stages `session_end` with `fields` (duration, close codes, usage, outcome, …) and stops recording.
    public func end(_ fields: JSONObject) {
        guard isRecording else { return }
        stageEvent(.sessionEnd, fields: fields, microseconds: UTCTimestamp.nowMicroseconds())
        isRecording = false
    }

    /// session_start / session_end: the fields travel as a value; the writer serializes them.
    func stageEvent(_ kind: StagedRecordKind, fields: JSONObject, microseconds: Int64) {
        guard let staging else { return }
        lastSeq += 1
        let (batch, slot) = staging.batchAndSlot(for: self, seq: lastSeq)
        var header = StagedRecordHeader(kind: kind, slot: slot, seq: lastSeq, microseconds: microseconds)
        header.eventIndex = UInt32(batch.events.count)
        batch.events.append(fields)
        batch.append(header, payload: UnsafeRawBufferPointer(start: nil, count: 0), original: nil)
        staging.staged(batch, slot: slot, seq: lastSeq, ended: kind == .sessionEnd)
    }
}

@available(*, unavailable, message: "a FrameLogSession belongs to one loop thread")
extension FrameLogSession: Sendable {}
