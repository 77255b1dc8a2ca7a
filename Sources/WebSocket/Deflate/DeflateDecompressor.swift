// Inflates received messages for permessage-deflate (RFC 7692 §7.2.2) with a raw zlib inflate stream, capped.

import CZlib

/// The permessage-deflate decompressor of one connection: one raw inflate stream (RFC 1951) with the
/// peer's window size, kept across messages unless the peer resets its context (RFC 7692 §7.1.1).
///
/// Output is capped: the buffer never grows beyond `limit + 1` bytes, so a small message that inflates
/// to gigabytes fails with 1009 having allocated about `limit` bytes. Loop-confined.
public final class DeflateDecompressor: WebSocketMessageInflater {
    /// The window size the peer compresses with (8...15).
    public let windowBits: Int
    /// Whether the stream is reset after each message (the peer's `*_no_context_takeover`).
    public let noContextTakeover: Bool
    private let stream: UnsafeMutablePointer<z_stream>
    /// `00 00 ff ff`, appended to every message (RFC 7692 §7.2.2).
    private let tail: UnsafeMutablePointer<UInt8>
    private var output = DeflateOutputBuffer(capacity: 16 * 1024)

    /// Creates a decompressor for messages compressed with windows up to `windowBits` (8...15).
    public init(windowBits: Int, noContextTakeover: Bool) {
        precondition(PerMessageDeflateParameters.windowBitsRange.contains(windowBits), "window bits are 8...15")
        self.windowBits = windowBits
        self.noContextTakeover = noContextTakeover
        tail = .allocate(capacity: 4)
        tail.initialize(from: [0x00, 0x00, 0xFF, 0xFF], count: 4)
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let status = CZlib_inflateInit2(stream, -Int32(windowBits))
        precondition(status == Z_OK, "inflateInit2 failed: \(status)")
    }

    /// The bytes currently held for output (for tests and memory accounting).
    package var outputCapacity: Int { output.capacity }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
        tail.deallocate()
    }

    /// Inflates one whole message (RFC 7692 §7.2.2): `compressed`, then `00 00 ff ff`. Valid until the
    /// next call. An empty payload is an empty message (nothing is fed to zlib, so a peer whose
    /// compressor had nothing to flush stays in step). A final block (BFINAL, RFC 7692 §7.2.3.3) ends
    /// the stream, which is then reset for the next message.
    ///
    /// Throws 1009 once the output passes `limit` bytes, 1007 for data that is not valid DEFLATE, and
    /// 1011 if zlib runs out of memory; the stream is reset after any error.
    public func inflate(_ compressed: UnsafeRawBufferPointer, limit: Int) throws(WebSocketProtocolError) -> UnsafeRawBufferPointer {
        output.shrinkIfOversized()
        guard !compressed.isEmpty else { return UnsafeRawBufferPointer(start: output.base, count: 0) }
        let cap = limit < Int.max ? limit + 1 : limit
        let produced: Int
        do {
            produced = try run(compressed, cap: cap, limit: limit)
        } catch {
            inflateReset(stream)
            throw error
        }
        if noContextTakeover { inflateReset(stream) }
        return UnsafeRawBufferPointer(start: output.base, count: produced)
    }

    /// Feeds the input and then the tail to zlib, growing the output up to `cap` bytes.
    private func run(_ compressed: UnsafeRawBufferPointer, cap: Int, limit: Int) throws(WebSocketProtocolError) -> Int {
        defer {
            stream.pointee.next_in = nil
            stream.pointee.next_out = nil
        }
        precondition(compressed.count <= Int(UInt32.max), "message too large for one zlib call")
        stream.pointee.next_in = UnsafeMutablePointer(mutating: compressed.baseAddress!.assumingMemoryBound(to: UInt8.self))
        stream.pointee.avail_in = UInt32(compressed.count)
        var tailFed = false
        var produced = 0
        while true {
            if stream.pointee.avail_in == 0 && !tailFed {
                stream.pointee.next_in = tail
                stream.pointee.avail_in = 4
                tailFed = true
            }
            if produced == output.capacity {
                output.grow(toAtLeast: min(produced * 2, cap), maximum: cap, keeping: produced)
            }
            let space = min(min(output.capacity, cap) - produced, Int(UInt32.max))
            stream.pointee.next_out = (output.base + produced).assumingMemoryBound(to: UInt8.self)
            stream.pointee.avail_out = UInt32(space)
            let status = CZlib.inflate(stream, Z_SYNC_FLUSH)
            produced += space - Int(stream.pointee.avail_out)
            if produced > limit { throw .messageTooBig }
            switch status {
            case Z_STREAM_END:
                // BFINAL: the peer ended its stream; its next message starts a new one.
                inflateReset(stream)
                return produced
            case Z_OK, Z_BUF_ERROR:
                guard tailFed && stream.pointee.avail_in == 0 && stream.pointee.avail_out != 0 else { continue }
                // All input is in and all output is out. A whole message ends with the flush's empty
                // stored block, leaving inflate between blocks (data_type bit 128); anything else is a
                // message cut inside a block.
                guard stream.pointee.data_type & 128 != 0 else {
                    throw WebSocketProtocolError(closeCode: .invalidPayload, reason: "compressed message ends inside a block")
                }
                return produced
            case Z_MEM_ERROR:
                throw WebSocketProtocolError(closeCode: .internalError, reason: "out of memory while inflating")
            default:
                throw WebSocketProtocolError(closeCode: .invalidPayload, reason: "compressed data is not valid DEFLATE")
            }
        }
    }
}

@available(*, unavailable)
extension DeflateDecompressor: Sendable {}
