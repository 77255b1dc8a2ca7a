// Inflates a gzip file a chunk at a time (zlib, windowBits 15+32), member after member, noticing a cut-off end.

import CZlib

/// One gzip inflate stream fed in chunks. Output is appended to the caller's buffer, so a 1 GB log
/// never needs more than a chunk of compressed and a chunk of inflated bytes in memory at once.
///
/// Concatenated members (`cat a.gz b.gz`, or a writer that appends a member per flush) are read one
/// after another. ``isInsideMember`` tells the caller at end of file whether the last member was cut
/// short: a relay that crashed leaves a stream without its end block and CRC trailer, whose readable
/// prefix is still worth reading.
final class GzipInflater {
    /// How feeding one chunk ended.
    enum Outcome: Equatable {
        /// All input was consumed (a member may still be open: more input expected).
        case consumed
        /// Bytes after the last member's end that are not another gzip member.
        case trailingData(count: Int)
        /// The compressed data is invalid; `detail` is zlib's message.
        case corrupt(detail: String)
    }

    private let stream: UnsafeMutablePointer<z_stream>
    private let scratch: UnsafeMutablePointer<UInt8>
    private static let scratchSize = 256 * 1024
    /// True once input of a member has been fed and its end has not been seen yet.
    private(set) var isInsideMember = false
    /// Compressed bytes fed so far (for error positions).
    private(set) var compressedOffset = 0

    init() {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        scratch = .allocate(capacity: Self.scratchSize)
        // 15 + 32: the largest window, and zlib detects the gzip (or zlib) header itself.
        let status = CZlib_inflateInit2(stream, 15 + 32)
        precondition(status == Z_OK, "inflateInit2 failed: \(status)")
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
        scratch.deallocate()
    }

    /// Inflates all of `input`, appending what it yields to `output`.
    func inflate(_ input: UnsafeRawBufferPointer, appendingTo output: inout [UInt8]) -> Outcome {
        guard let base = input.baseAddress, !input.isEmpty else { return .consumed }
        defer {
            stream.pointee.next_in = nil
            stream.pointee.next_out = nil
        }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: UInt8.self))
        stream.pointee.avail_in = UInt32(input.count)
        while true {
            if !isInsideMember {
                // Between members: only another gzip header may follow.
                let remaining = Int(stream.pointee.avail_in)
                if remaining == 0 { return .consumed }
                if stream.pointee.next_in.pointee != 0x1F {
                    compressedOffset += remaining
                    return .trailingData(count: remaining)
                }
                isInsideMember = true
            }
            let before = Int(stream.pointee.avail_in)
            stream.pointee.next_out = scratch
            stream.pointee.avail_out = UInt32(Self.scratchSize)
            let status = CZlib.inflate(stream, Z_NO_FLUSH)
            let produced = Self.scratchSize - Int(stream.pointee.avail_out)
            compressedOffset += before - Int(stream.pointee.avail_in)
            if produced > 0 { output.append(contentsOf: UnsafeBufferPointer(start: scratch, count: produced)) }
            switch status {
            case Z_STREAM_END:
                isInsideMember = false
                inflateReset(stream)
            case Z_OK:
                if stream.pointee.avail_in == 0 && stream.pointee.avail_out != 0 { return .consumed }
            case Z_BUF_ERROR:
                // No progress possible: zlib wants more input than this chunk holds.
                return .consumed
            default:
                let detail = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                return .corrupt(detail: detail)
            }
        }
    }
}

@available(*, unavailable)
extension GzipInflater: Sendable {}
