// The inflater's output cap: a compression bomb fails with 1009 without allocating past the limit.

import Testing
import WebSocket

@Suite("permessage-deflate output cap")
struct DeflateBombTests {
    static let limit = 1 << 20

    @Test func sixteenMebibytesOfZerosFailWith1009WithinTheLimit() throws {
        let bomb = DeflateCompressor(windowBits: 15, noContextTakeover: true)
            .deflating([UInt8](repeating: 0, count: 16 << 20))
        #expect(bomb.count < 32 * 1024)
        let inflater = DeflateDecompressor(windowBits: 15, noContextTakeover: false)
        #expect(inflater.inflateError(bomb, limit: Self.limit)?.closeCode == .messageTooBig)
        #expect(inflater.outputCapacity <= Self.limit + 1)

        // The stream was reset and the oversized buffer is released before the next message.
        let small = DeflateCompressor(windowBits: 15, noContextTakeover: true).deflating(Array("ok".utf8))
        #expect(try inflater.inflating(small, limit: Self.limit).get() == Array("ok".utf8))
        #expect(inflater.outputCapacity <= 64 * 1024)
    }

    @Test func outputOfExactlyTheLimitIsAcceptedAndOneMoreByteIsNot() throws {
        let deflater = DeflateCompressor(windowBits: 15, noContextTakeover: true)
        let inflater = DeflateDecompressor(windowBits: 15, noContextTakeover: true)
        let exact = DeflateMessages.repetitive(100_000)
        #expect(try inflater.inflating(deflater.deflating(exact), limit: 100_000).get() == exact)
        let over = DeflateMessages.repetitive(100_001)
        #expect(inflater.inflateError(deflater.deflating(over), limit: 100_000)?.closeCode == .messageTooBig)
        #expect(try inflater.inflating(deflater.deflating([]), limit: 0).get() == [])
    }

    @Test func buffersAreReusedBetweenOrdinaryMessages() throws {
        let deflater = DeflateCompressor(windowBits: 15, noContextTakeover: false)
        let inflater = DeflateDecompressor(windowBits: 15, noContextTakeover: false)
        let message = DeflateMessages.repetitive(10_000)
        _ = try inflater.inflating(deflater.deflating(message)).get()
        let deflaterCapacity = deflater.outputCapacity
        let inflaterCapacity = inflater.outputCapacity
        for _ in 0..<10 {
            _ = try inflater.inflating(deflater.deflating(message)).get()
        }
        #expect(deflater.outputCapacity == deflaterCapacity)
        #expect(inflater.outputCapacity == inflaterCapacity)
        // A huge message grows the buffers; they shrink back before the next one.
        let huge = DeflateMessages.random(3 << 20)
        #expect(try inflater.inflating(deflater.deflating(huge)).get() == huge)
        #expect(deflater.outputCapacity > 1 << 20 && inflater.outputCapacity > 1 << 20)
        _ = try inflater.inflating(deflater.deflating(message)).get()
        #expect(deflater.outputCapacity <= 64 * 1024 && inflater.outputCapacity <= 64 * 1024)
    }
}
