// One gzip stream per `.jsonl.gz` file: deflate with a gzip wrapper, sync-flushed so a crash leaves a readable prefix.
import CZlib

/// Compresses a session file's records as a single gzip member (RFC 1952). Every write ends with
/// Z_SYNC_FLUSH: the bytes on disk then end on a byte boundary with all input so far decodable, so
/// `gzip -dc` or zlib's inflate read everything written before a crash (gzip then reports the
/// missing trailer). `finish` adds the trailer (CRC-32 and length). Writer thread only.
final class GzipDeflater {
    /// zlib keeps a pointer back to its z_stream, so the stream lives at a fixed address.
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    private let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
    private(set) var isFinished = false
    private var isInitialized = false

    /// With full audio: Huffman coding only, no string matching. Base64 audio, most of the bytes, has
    /// no repeats worth finding, and its 6-bit alphabet is what Huffman coding shrinks; measured on
    /// full-audio logs (Benchmarks/relay-frame-log) it is about 2.5x faster than level 3 for about 5%
    /// larger files, and the one writer thread must keep up with every loop's traffic. Without audio
    /// the JSON does repeat: level 3 with string matching.
    static func settings(for audio: AudioLogging) -> (level: Int32, strategy: Int32) {
        audio == .full ? (1, Z_HUFFMAN_ONLY) : (3, Z_DEFAULT_STRATEGY)
    }

    init?(audio: AudioLogging = .full) {
        let settings = Self.settings(for: audio)
        stream.initialize(to: z_stream())
        // windowBits 15 + 16: a gzip header and trailer instead of zlib's.
        let status = CZlib_deflateInit2(stream, settings.level, Z_DEFLATED, 15 + 16, 8, settings.strategy)
        guard status == Z_OK else { return nil }  // out of memory: the caller reports a write failure
        isInitialized = true
    }

    deinit {
        if isInitialized { deflateEnd(stream) }
        stream.deallocate()
        scratch.deallocate()
    }

    /// Compresses `input` and sync-flushes (or, with `finish`, ends the stream), appending the
    /// compressed bytes to `output`.
    func compress(_ input: UnsafeRawBufferPointer, finish: Bool, into output: inout [UInt8]) {
        guard !isFinished else { return }
        let mode = finish ? Z_FINISH : Z_SYNC_FLUSH
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(input.count)
        while true {
            stream.pointee.next_out = scratch.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = uInt(scratch.count)
            let status = deflate(stream, mode)
            let produced = scratch.count - Int(stream.pointee.avail_out)
            output.append(contentsOf: UnsafeRawBufferPointer(start: scratch.baseAddress, count: produced))
            if status == Z_STREAM_END {
                isFinished = true
                break
            }
            // Done when zlib had room to spare: all input consumed and the flush completed.
            if stream.pointee.avail_out != 0 || (status != Z_OK && status != Z_BUF_ERROR) { break }
        }
        stream.pointee.next_in = nil
        stream.pointee.avail_in = 0
    }
}

@available(*, unavailable, message: "a GzipDeflater belongs to the writer thread")
extension GzipDeflater: Sendable {}
