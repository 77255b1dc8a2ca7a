// Whatever the encoder writes, the decoder of the other role reads back unchanged.

import Buffers
@testable import WebSocket
import Testing

@Suite("Encode → decode round trips")
struct RoundTripTests {
    static let lengths = [0, 1, 125, 126, 65535, 65536, 1 << 20]

    @Test("messages survive a round trip from client to server and back", arguments: lengths, [WebSocketRole.client, .server])
    func messagesSurviveARoundTrip(length: Int, sender: WebSocketRole) {
        var encoder = WebSocketFrameEncoder(role: sender)
        var queue = OutboundQueue()
        let text = asciiText(length)
        let binary = pattern(length, seed: 7)
        text.withUnsafeBytes { encoder.encodeMessage(.text, payload: $0, into: &queue) }
        binary.withUnsafeBytes { encoder.encodeMessage(.binary, payload: $0, into: &queue) }
        let wire = drain(&queue)
        let header = WebSocketFrameEncoder.headerLength(payloadLength: length, masked: sender == .client)
        #expect(wire.count == 2 * (header + length))

        let run = DecoderDriver.runWhole(wire, role: peer(of: sender))
        #expect(run.error == nil)
        #expect(run.leftover == 0)
        #expect(run.events == [
            .message(.text, text, compressed: false, consumed: header + length),
            .message(.binary, binary, compressed: false, consumed: header + length),
        ])
    }

    @Test("control frames survive a round trip", arguments: [WebSocketRole.client, .server])
    func controlFramesSurviveARoundTrip(sender: WebSocketRole) {
        var encoder = WebSocketFrameEncoder(role: sender)
        var queue = OutboundQueue()
        pattern(125).withUnsafeBytes { encoder.encodePing($0, into: &queue) }
        utf8("pong").withUnsafeBytes { encoder.encodePong($0, into: &queue) }
        encoder.encodeClose(.goingAway, reason: "bye", into: &queue)
        let mask = sender == .client ? 4 : 0
        let run = DecoderDriver.runWhole(drain(&queue), role: peer(of: sender))
        #expect(run.error == nil)
        #expect(run.events == [
            .ping(pattern(125), consumed: 127 + mask),
            .pong(utf8("pong"), consumed: 6 + mask),
            .close(1001, "bye", consumed: 7 + mask),
        ])
    }

    @Test("header lengths use the minimal encoding", arguments: [
        (0, 2), (125, 2), (126, 4), (65535, 4), (65536, 10), (1 << 40, 10),
    ])
    func headerLengthsUseTheMinimalEncoding(payloadLength: Int, expected: Int) {
        #expect(WebSocketFrameEncoder.headerLength(payloadLength: payloadLength, masked: false) == expected)
        #expect(WebSocketFrameEncoder.headerLength(payloadLength: payloadLength, masked: true) == expected + 4)
    }

    @Test("written headers parse back to the same fields", arguments: [0, 125, 126, 65535, 65536, 1 << 40], [UInt32?.none, 0xDEAD_BEEF])
    func writtenHeadersParseBack(payloadLength: Int, maskingKey: UInt32?) throws {
        var buffer = [UInt8](repeating: 0, count: 14)
        let written = buffer.withUnsafeMutableBytes {
            WebSocketFrameEncoder.writeHeader(fin: false, rsv1: true, opcode: .binary, payloadLength: payloadLength,
                                              maskingKey: maskingKey, into: $0)
        }
        let parser = WebSocketFrameHeaderParser(role: maskingKey == nil ? .client : .server, deflateNegotiated: true, maxFrameBytes: .max)
        let header = try buffer.withUnsafeBytes { try parser.parse(UnsafeRawBufferPointer(rebasing: $0[..<written])) }
        #expect(header == WebSocketFrameHeader(fin: false, rsv1: true, opcode: .binary, maskingKey: maskingKey,
                                               payloadLength: payloadLength, headerLength: written))
    }
}
