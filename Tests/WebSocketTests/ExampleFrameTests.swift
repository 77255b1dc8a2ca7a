// The example frames of RFC 6455 §5.7, decoded and encoded byte for byte.

import Buffers
@testable import WebSocket
import Testing

@Suite("RFC 6455 §5.7 examples")
struct ExampleFrameTests {
    static let hello = utf8("Hello")
    static let maskedHello: [UInt8] = [0x81, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58]

    @Test func clientDecodesSingleFrameUnmaskedText() {
        let run = DecoderDriver.runWhole([0x81, 0x05, 0x48, 0x65, 0x6C, 0x6C, 0x6F], role: .client)
        #expect(run.error == nil)
        #expect(run.events == [.message(.text, Self.hello, compressed: false, consumed: 7)])
    }

    @Test func serverDecodesSingleFrameMaskedText() {
        let run = DecoderDriver.runWhole(Self.maskedHello, role: .server)
        #expect(run.error == nil)
        #expect(run.events == [.message(.text, Self.hello, compressed: false, consumed: 11)])
    }

    @Test func clientReassemblesFragmentedUnmaskedText() {
        let run = DecoderDriver.runWhole([0x01, 0x03, 0x48, 0x65, 0x6C, 0x80, 0x02, 0x6C, 0x6F], role: .client)
        #expect(run.error == nil)
        #expect(run.events == [.fragment(consumed: 5), .message(.text, Self.hello, compressed: false, consumed: 4)])
    }

    @Test func clientDecodesUnmaskedPing() {
        let run = DecoderDriver.runWhole([0x89, 0x05, 0x48, 0x65, 0x6C, 0x6C, 0x6F], role: .client)
        #expect(run.events == [.ping(Self.hello, consumed: 7)])
    }

    @Test func serverDecodesMaskedPong() {
        let run = DecoderDriver.runWhole([0x8A, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58], role: .server)
        #expect(run.events == [.pong(Self.hello, consumed: 11)])
    }

    @Test func clientDecodes256ByteBinaryWithSixteenBitLength() {
        let payload = pattern(256)
        let raw: [UInt8] = [0x82, 0x7E, 0x01, 0x00] + payload
        let run = DecoderDriver.runWhole(raw, role: .client)
        #expect(run.events == [.message(.binary, payload, compressed: false, consumed: 260)])
    }

    @Test func clientDecodes64KiBBinaryWithSixtyFourBitLength() {
        let payload = pattern(65536)
        let raw: [UInt8] = [0x82, 0x7F, 0, 0, 0, 0, 0, 0x01, 0x00, 0x00] + payload
        let run = DecoderDriver.runWhole(raw, role: .client)
        #expect(run.events == [.message(.binary, payload, compressed: false, consumed: 65546)])
    }

    @Test func serverEncoderWritesTheUnmaskedExamples() {
        var encoder = WebSocketFrameEncoder(role: .server)
        var queue = OutboundQueue()
        Self.hello.withUnsafeBytes { encoder.encodeMessage(.text, payload: $0, into: &queue) }
        Self.hello.withUnsafeBytes { encoder.encodePing($0, into: &queue) }
        pattern(256).withUnsafeBytes { encoder.encodeMessage(.binary, payload: $0, into: &queue) }
        pattern(65536).withUnsafeBytes { encoder.encodeMessage(.binary, payload: $0, into: &queue) }
        let bytes = drain(&queue)
        let expected: [UInt8] = [0x81, 0x05] + Self.hello + [0x89, 0x05] + Self.hello
            + [0x82, 0x7E, 0x01, 0x00] + pattern(256) + [0x82, 0x7F, 0, 0, 0, 0, 0, 0x01, 0x00, 0x00] + pattern(65536)
        #expect(bytes == expected)
    }

    @Test func headerAndMaskedCopyWithTheExampleKeyGiveTheMaskedExample() {
        var frame = [UInt8](repeating: 0, count: 11)
        frame.withUnsafeMutableBytes { buffer in
            let headerLength = WebSocketFrameEncoder.writeHeader(
                fin: true, rsv1: false, opcode: .text, payloadLength: 5, maskingKey: 0x37FA_213D, into: buffer)
            #expect(headerLength == 6)
            Self.hello.withUnsafeBytes {
                Masking.copy(from: $0, to: UnsafeMutableRawBufferPointer(rebasing: buffer[headerLength...]), key: 0x37FA_213D)
            }
        }
        #expect(frame == Self.maskedHello)
    }
}
