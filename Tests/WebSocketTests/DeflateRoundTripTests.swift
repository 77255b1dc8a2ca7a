// DeflateCompressor and DeflateDecompressor: round trips for every window size, RFC 7692 examples, corrupt data.

import CZlib
import Testing
import WebSocket

@Suite("permessage-deflate codecs")
struct DeflateRoundTripTests {
    @Test("round trip", arguments: 8...15, [false, true])
    func roundTrip(windowBits: Int, noContextTakeover: Bool) throws {
        let deflater = DeflateCompressor(windowBits: windowBits, noContextTakeover: noContextTakeover)
        let inflater = DeflateDecompressor(windowBits: windowBits, noContextTakeover: noContextTakeover)
        for message in DeflateMessages.standard {
            let compressed = deflater.deflating(message)
            #expect(!compressed.isEmpty)
            #expect(compressed.suffix(4) != [0x00, 0x00, 0xFF, 0xFF] || message.isEmpty)
            let inflated = try inflater.inflating(compressed).get()
            #expect(inflated == message, "\(message.count) bytes")
            if message.count == 1 << 20 && message[0] == message[47] {
                #expect(compressed.count < message.count / 20, "repetitive data compresses")
            }
        }
    }

    @Test func contextTakeoverSharesTheWindowAcrossMessages() throws {
        let message = DeflateMessages.repetitive(300)
        let shared = DeflateCompressor(windowBits: 15, noContextTakeover: false)
        let reset = DeflateCompressor(windowBits: 15, noContextTakeover: true)
        let firstShared = shared.deflating(message)
        let secondShared = shared.deflating(message)
        #expect(reset.deflating(message) == reset.deflating(message))
        #expect(secondShared.count < firstShared.count / 4)
        let inflater = DeflateDecompressor(windowBits: 15, noContextTakeover: false)
        #expect(try inflater.inflating(firstShared).get() == message)
        #expect(try inflater.inflating(secondShared).get() == message)
        // Without the first message's window the second cannot be read.
        let fresh = DeflateDecompressor(windowBits: 15, noContextTakeover: false)
        #expect(throws: WebSocketProtocolError.self) { try fresh.inflating(secondShared).get() }
    }

    @Test func rfc7692Examples() throws {
        let hello = Array("Hello".utf8)
        // §7.2.3.1 (one message) and §7.2.3.2 (the second message reuses the window).
        let deflater = DeflateCompressor(windowBits: 15, noContextTakeover: false)
        #expect(deflater.deflating(hello) == [0xF2, 0x48, 0xCD, 0xC9, 0xC9, 0x07, 0x00])
        #expect(deflater.deflating(hello) == [0xF2, 0x00, 0x11, 0x00, 0x00])
        let inflater = DeflateDecompressor(windowBits: 15, noContextTakeover: false)
        #expect(try inflater.inflating([0xF2, 0x48, 0xCD, 0xC9, 0xC9, 0x07, 0x00]).get() == hello)
        #expect(try inflater.inflating([0xF2, 0x00, 0x11, 0x00, 0x00]).get() == hello)
        // §7.2.3.3: a stored (uncompressed) block.
        #expect(try inflater.inflating([0x00, 0x05, 0x00, 0xFA, 0xFF, 0x48, 0x65, 0x6C, 0x6C, 0x6F, 0x00]).get() == hello)
        // §7.2.3.4: a block with BFINAL set ends the peer's stream; the next message starts a new one.
        let final = DeflateDecompressor(windowBits: 15, noContextTakeover: false)
        #expect(try final.inflating([0xF3, 0x48, 0xCD, 0xC9, 0xC9, 0x07, 0x00]).get() == hello)
        #expect(try final.inflating([0xF3, 0x48, 0xCD, 0xC9, 0xC9, 0x07, 0x00]).get() == hello)
        // §7.2.3.5: two DEFLATE blocks in one message.
        #expect(try inflater.inflating([0xF2, 0x48, 0x05, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xCA, 0xC9, 0xC9, 0x07, 0x00]).get() == hello)
    }

    @Test func emptyMessagesStayInStep() throws {
        let deflater = DeflateCompressor(windowBits: 15, noContextTakeover: false)
        let inflater = DeflateDecompressor(windowBits: 15, noContextTakeover: false)
        for message in [[], Array("a".utf8), [], [], Array("abc".utf8)] as [[UInt8]] {
            let compressed = deflater.deflating(message)
            #expect(try inflater.inflating(compressed).get() == message)
        }
        // A peer may also send an empty payload for an empty message.
        #expect(try inflater.inflating([]).get() == [])
        #expect(try inflater.inflating(deflater.deflating(Array("after".utf8))).get() == Array("after".utf8))
    }

    @Test func corruptOrTruncatedDataIsInvalidPayload() throws {
        let inflater = DeflateDecompressor(windowBits: 15, noContextTakeover: false)
        #expect(inflater.inflateError([0xFF, 0xFF, 0xFF, 0xFF])?.closeCode == .invalidPayload)
        let compressed = DeflateCompressor(windowBits: 15, noContextTakeover: true).deflating(DeflateMessages.random(2000))
        let truncated = DeflateDecompressor(windowBits: 15, noContextTakeover: true)
        #expect(truncated.inflateError(Array(compressed.prefix(1000)))?.closeCode == .invalidPayload)
        // A message reaching back further than the negotiated window is refused.
        let wide = DeflateCompressor(windowBits: 15, noContextTakeover: false)
        let narrow = DeflateDecompressor(windowBits: 9, noContextTakeover: false)
        let text = DeflateMessages.random(1000)
        #expect(try narrow.inflating(wide.deflating(text)).get() == text)
        #expect(narrow.inflateError(wide.deflating(text))?.closeCode == .invalidPayload)
    }

    @Test func windowEightCompressesWithinA256ByteWindow() throws {
        // zlib refuses raw windowBits 8, so the compressor uses 9; its matches must still fit 256 bytes.
        let deflater = DeflateCompressor(windowBits: 8, noContextTakeover: false)
        let inflater = DeflateDecompressor(windowBits: 8, noContextTakeover: false)
        let pattern = DeflateMessages.random(250) + DeflateMessages.random(250) + DeflateMessages.random(250, seed: 7)
        for _ in 0..<4 {
            #expect(try inflater.inflating(deflater.deflating(pattern)).get() == pattern)
        }
    }
}
