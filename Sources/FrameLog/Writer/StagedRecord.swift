// The fixed header a loop writes before each staged payload: plain fields at fixed offsets, no encoding.

/// What a staged record is.
enum StagedRecordKind: UInt8 {
    case frame, close, sessionStart, sessionEnd
}

/// The 48-byte header in front of each staged record's payload (and original) bytes.
///
/// Layout: kind, dir, opcode, flags (1 byte each), close code (2), padding (2), session slot (4),
/// event index (4), seq (8), microseconds (8), payload length (8), original length (8).
struct StagedRecordHeader {
    static let size = 48
    static let hasOriginal: UInt8 = 1
    static let hasCloseCode: UInt8 = 2

    var kind: StagedRecordKind
    var direction: FrameDirection = .clientToUpstream
    var opcode: FrameLogOpcode = .text
    var flags: UInt8 = 0
    var closeCode: UInt16 = 0
    /// Index of the record's session in `StagedBatch.sessions`.
    var slot: UInt32
    /// Index in `StagedBatch.events` (session_start/session_end fields).
    var eventIndex: UInt32 = 0
    var seq: UInt64
    var microseconds: Int64
    var payloadCount: Int = 0
    var originalCount: Int = 0

    /// Bytes this record occupies in the batch.
    var stagedSize: Int { Self.size + payloadCount + originalCount }

    func store(to base: UnsafeMutableRawPointer) {
        base.storeBytes(of: kind.rawValue, toByteOffset: 0, as: UInt8.self)
        base.storeBytes(of: direction.rawValue, toByteOffset: 1, as: UInt8.self)
        base.storeBytes(of: opcode.rawValue, toByteOffset: 2, as: UInt8.self)
        base.storeBytes(of: flags, toByteOffset: 3, as: UInt8.self)
        base.storeBytes(of: closeCode, toByteOffset: 4, as: UInt16.self)
        base.storeBytes(of: slot, toByteOffset: 8, as: UInt32.self)
        base.storeBytes(of: eventIndex, toByteOffset: 12, as: UInt32.self)
        base.storeBytes(of: seq, toByteOffset: 16, as: UInt64.self)
        base.storeBytes(of: microseconds, toByteOffset: 24, as: Int64.self)
        base.storeBytes(of: payloadCount, toByteOffset: 32, as: Int.self)
        base.storeBytes(of: originalCount, toByteOffset: 40, as: Int.self)
    }

    /// Reads a header the staging side stored (so the raw values are known to be valid).
    static func load(from base: UnsafeRawPointer) -> StagedRecordHeader {
        var header = StagedRecordHeader(
            kind: StagedRecordKind(rawValue: base.loadUnaligned(fromByteOffset: 0, as: UInt8.self))!,
            slot: base.loadUnaligned(fromByteOffset: 8, as: UInt32.self),
            seq: base.loadUnaligned(fromByteOffset: 16, as: UInt64.self),
            microseconds: base.loadUnaligned(fromByteOffset: 24, as: Int64.self))
        header.direction = FrameDirection(rawValue: base.loadUnaligned(fromByteOffset: 1, as: UInt8.self))!
        header.opcode = FrameLogOpcode(rawValue: base.loadUnaligned(fromByteOffset: 2, as: UInt8.self))!
        header.flags = base.loadUnaligned(fromByteOffset: 3, as: UInt8.self)
        header.closeCode = base.loadUnaligned(fromByteOffset: 4, as: UInt16.self)
        header.eventIndex = base.loadUnaligned(fromByteOffset: 12, as: UInt32.self)
        header.payloadCount = base.loadUnaligned(fromByteOffset: 32, as: Int.self)
        header.originalCount = base.loadUnaligned(fromByteOffset: 40, as: Int.self)
        return header
    }
}
