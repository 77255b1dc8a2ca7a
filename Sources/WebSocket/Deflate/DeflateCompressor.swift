// Compresses outgoing messages for permessage-deflate (RFC 7692 §7.2.1) with a raw zlib deflate stream.

import CZlib

/// The permessage-deflate compressor of one connection: one raw deflate stream (RFC 1951), kept
/// across messages unless no context takeover was negotiated (RFC 7692 §7.1.1).
///
/// Loop-confined: it owns a `z_stream` and an output buffer and is used by one thread at a time.
public final class DeflateCompressor: WebSocketMessageDeflater {
    /// Messages with fewer bytes than this are sent uncompressed.
    public let threshold: Int
    /// The negotiated window size (8...15). zlib cannot compress raw deflate with a 256-byte window, so
    /// 8 compresses with 9; zlib's matches then still reach back at most 250 bytes, within what an
    /// inflater with a 256-byte window accepts (RFC 7692 §7.1.2.1 only bounds the window the sender
    /// uses).
    public let windowBits: Int
    /// Whether the stream is reset after each message (`*_no_context_takeover`, RFC 7692 §7.1.1).
    public let noContextTakeover: Bool
    private let stream: UnsafeMutablePointer<z_stream>
    private var output = DeflateOutputBuffer(capacity: 4096)

    /// Creates a compressor for messages sent under `windowBits` (8...15).
    public init(
        windowBits: Int, noContextTakeover: Bool, threshold: Int = 256, compressionLevel: Int = 6, memoryLevel: Int = 8
    ) {
        precondition(PerMessageDeflateParameters.windowBitsRange.contains(windowBits), "window bits are 8...15")
        self.windowBits = windowBits
        self.noContextTakeover = noContextTakeover
        self.threshold = threshold
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let status = CZlib_deflateInit2(
            stream, Int32(compressionLevel), Z_DEFLATED, -Int32(max(windowBits, 9)), Int32(memoryLevel), Z_DEFAULT_STRATEGY)
        precondition(status == Z_OK, "deflateInit2 failed: \(status)")
    }

    /// The bytes currently held for output (for tests and memory accounting).
    package var outputCapacity: Int { output.capacity }

    deinit {
        deflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Compresses `message` with a sync flush and returns the output without its trailing
    /// `00 00 ff ff` (RFC 7692 §7.2.1). Valid until the next call.
    ///
    /// An empty result is sent as the single byte `00` (an empty stored block header, RFC 7692
    /// §7.2.3.6), since a receiver appends `00 00 ff ff` to whatever arrives.
    public func deflate(_ message: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        precondition(message.count <= Int(UInt32.max), "message too large for one zlib call")
        output.shrinkIfOversized()
        output.grow(toAtLeast: Int(deflateBound(stream, UInt(message.count))) + 16, keeping: 0)
        stream.pointee.next_in = message.baseAddress.map { UnsafeMutablePointer(mutating: $0.assumingMemoryBound(to: UInt8.self)) }
        stream.pointee.avail_in = UInt32(message.count)
        var produced = 0
        while true {
            if output.capacity - produced < 64 { output.grow(toAtLeast: output.capacity * 2, keeping: produced) }
            let space = min(output.capacity - produced, Int(UInt32.max))
            stream.pointee.next_out = (output.base + produced).assumingMemoryBound(to: UInt8.self)
            stream.pointee.avail_out = UInt32(space)
            let status = CZlib.deflate(stream, Z_SYNC_FLUSH)
            // Z_BUF_ERROR only says no progress was possible (an empty message after a flush).
            precondition(status == Z_OK || status == Z_BUF_ERROR, "deflate failed: \(status)")
            produced += space - Int(stream.pointee.avail_out)
            if stream.pointee.avail_in == 0 && stream.pointee.avail_out != 0 { break }
        }
        stream.pointee.next_in = nil
        stream.pointee.next_out = nil
        if noContextTakeover { deflateReset(stream) }

        let bytes = output.base.assumingMemoryBound(to: UInt8.self)
        if produced >= 4 && bytes[produced - 4] == 0 && bytes[produced - 3] == 0
            && bytes[produced - 2] == 0xFF && bytes[produced - 1] == 0xFF {
            produced -= 4
        }
        if produced == 0 {
            bytes[0] = 0
            produced = 1
        }
        return UnsafeRawBufferPointer(start: output.base, count: produced)
    }
}

@available(*, unavailable)
extension DeflateCompressor: Sendable {}
