// The encoder masks exactly in the client role, with a fresh key per frame, and compresses past the threshold.

#if canImport(Glibc)
import Glibc
#endif
import Buffers
@testable import WebSocket
import Testing

/// A deflater stand-in: "compresses" by returning a fixed marker, and records what it was given.
final class FixedDeflater: WebSocketMessageDeflater {
    let threshold: Int
    private let output: OwnedBytes
    private(set) var inputs: [[UInt8]] = []

    init(threshold: Int, output: [UInt8]) {
        self.threshold = threshold
        self.output = OwnedBytes(output)
    }

    func deflate(_ message: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        inputs.append(Array(message))
        return output.bytes
    }
}

@Suite("Encoder")
struct EncoderTests {
    @Test func clientEncoderUsesADifferentKeyForEveryFrame() {
        var encoder = WebSocketFrameEncoder(role: .client)
        var keys: [UInt32] = []
        for _ in 0..<300 {  // more than one refill of the key pool
            var queue = OutboundQueue()
            utf8("same").withUnsafeBytes { encoder.encodeMessage(.text, payload: $0, into: &queue) }
            let bytes = drain(&queue)
            #expect(bytes[1] == 0x84)
            keys.append(UInt32(bytes[2]) << 24 | UInt32(bytes[3]) << 16 | UInt32(bytes[4]) << 8 | UInt32(bytes[5]))
        }
        #expect(zip(keys, keys.dropFirst()).allSatisfy { $0 != $1 })
        #expect(Set(keys).count >= keys.count - 1)  // 32 random bits: a repeat in 300 is ~1e-5 likely
    }

    @Test func twoClientEncodersDoNotShareKeys() {
        var first = WebSocketFrameEncoder(role: .client)
        var second = WebSocketFrameEncoder(role: .client)
        let firstKeys = (0..<8).map { _ in first.maskingKeyForNextFrame() }
        let secondKeys = (0..<8).map { _ in second.maskingKeyForNextFrame() }
        #expect(firstKeys != secondKeys)
    }

    @Test func serverEncoderNeverMasks() {
        var encoder = WebSocketFrameEncoder(role: .server)
        #expect(encoder.maskingKeyForNextFrame() == nil)
        var queue = OutboundQueue()
        pattern(300).withUnsafeBytes { encoder.encodeMessage(.binary, payload: $0, into: &queue) }
        encoder.encodeClose(.normalClosure, reason: "", into: &queue)
        let bytes = drain(&queue)
        #expect(bytes[1] & 0x80 == 0)
        #expect(bytes[304 + 1] & 0x80 == 0)
    }

    @Test func messageAtOrPastTheThresholdIsCompressedWithRSV1() {
        let deflater = FixedDeflater(threshold: 10, output: [0xCA, 0xFE])
        var encoder = WebSocketFrameEncoder(role: .server, deflater: deflater)
        var queue = OutboundQueue()
        asciiText(9).withUnsafeBytes { encoder.encodeMessage(.text, payload: $0, into: &queue) }
        asciiText(10).withUnsafeBytes { encoder.encodeMessage(.text, payload: $0, into: &queue) }
        let bytes = drain(&queue)
        #expect(bytes == [0x81, 9] + asciiText(9) + [0xC1, 2, 0xCA, 0xFE])
        #expect(deflater.inputs == [asciiText(10)])
    }

    @Test func controlFramesAreNeverCompressed() {
        let deflater = FixedDeflater(threshold: 0, output: [0xCA, 0xFE])
        var encoder = WebSocketFrameEncoder(role: .server, deflater: deflater)
        var queue = OutboundQueue()
        pattern(100).withUnsafeBytes { encoder.encodePing($0, into: &queue) }
        encoder.encodeClose(.normalClosure, reason: "x", into: &queue)
        let bytes = drain(&queue)
        #expect(bytes[0] == 0x89 && bytes[102] == 0x88)
        #expect(deflater.inputs.isEmpty)
    }

    @Test func compressedClientMessageIsMaskedAfterCompressing() {
        let deflater = FixedDeflater(threshold: 0, output: pattern(40))
        var encoder = WebSocketFrameEncoder(role: .client, deflater: deflater)
        var queue = OutboundQueue()
        asciiText(100).withUnsafeBytes { encoder.encodeMessage(.binary, payload: $0, into: &queue) }
        let run = DecoderDriver.runWhole(drain(&queue), role: .server, inflater: ScriptedInflater(output: asciiText(100)))
        #expect(run.error == nil)
        #expect(run.events == [.message(.binary, asciiText(100), compressed: true, consumed: 46)])
    }

    @Test func smallFramesShareOneQueueChunk() {
        var encoder = WebSocketFrameEncoder(role: .client)
        var queue = OutboundQueue()
        for _ in 0..<10 { utf8("tick").withUnsafeBytes { encoder.encodeMessage(.text, payload: $0, into: &queue) } }
        let buffered = queue.bufferedBytes
        #expect(buffered == 10 * 10)
        var vectors = [iovec](repeating: iovec(), count: 4)
        let filled = vectors.withUnsafeMutableBufferPointer { queue.gather(into: $0) }
        #expect(filled == 1)
    }
}
