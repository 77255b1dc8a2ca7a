// Close frames: the payload forms a decoder accepts or refuses, and what the encoder writes (RFC 6455 §5.5.1).

import Buffers
@testable import WebSocket
import Testing

@Suite("Close frames")
struct CloseFrameTests {
    static func close(_ payload: [UInt8]) -> Result<DecoderDriver.Event?, WebSocketProtocolError> {
        decodeOnce(rawFrame(opcode: 8, payload: payload, maskingKey: 0x0BAD_F00D), role: .server)
    }

    @Test func emptyCloseHasNoCode() {
        #expect(Self.close([]) == .success(.close(nil, "", consumed: 6)))
    }

    @Test func closeOfOneByteFailsWith1002() {
        #expect(Self.close([0x03]).failure?.closeCode == .protocolError)
    }

    @Test func closeWithInvalidCodeFailsWith1002() {
        #expect(Self.close([0x03, 0xEE]).failure?.closeCode == .protocolError)  // 1006
        #expect(Self.close([0x13, 0x88]).failure?.closeCode == .protocolError)  // 5000
    }

    @Test func closeWithInvalidUTF8ReasonFailsWith1007() {
        #expect(Self.close([0x03, 0xE8, 0x61, 0xED, 0xA0, 0x80]).failure?.closeCode == .invalidPayload)
        #expect(Self.close([0x03, 0xE8, 0xE2, 0x82]).failure?.closeCode == .invalidPayload)
    }

    @Test func closeWithCodeAndReasonIsReported() {
        #expect(Self.close([0x0F, 0xA0] + utf8("κόσμε")) == .success(.close(4000, "κόσμε", consumed: 18)))
    }

    @Test func closeWithCodeOnlyHasAnEmptyReason() {
        #expect(Self.close([0x03, 0xE9]) == .success(.close(1001, "", consumed: 8)))
    }

    @Test func closeMayArriveBetweenFragments() {
        let raw = frame(.text, fin: false, utf8("a"), from: .client) + frame(.close, [0x03, 0xE8], from: .client)
        let run = DecoderDriver.runWhole(raw, role: .server)
        #expect(run.events == [.fragment(consumed: 7), .close(1000, "", consumed: 8)])
    }

    static func encodedClose(_ code: WebSocketCloseCode?, reason: String) -> [UInt8] {
        var encoder = WebSocketFrameEncoder(role: .server)
        var queue = OutboundQueue()
        encoder.encodeClose(code, reason: reason, into: &queue)
        return drain(&queue)
    }

    @Test func encoderWritesAnEmptyCloseWithoutACode() {
        #expect(Self.encodedClose(nil, reason: "ignored") == [0x88, 0x00])
    }

    @Test func encoderWritesCodeAndReason() {
        #expect(Self.encodedClose(.normalClosure, reason: "bye") == [0x88, 0x05, 0x03, 0xE8] + utf8("bye"))
    }

    @Test("encoder cuts the reason to 123 bytes on a character boundary", arguments: [
        (String(repeating: "a", count: 123), 123),
        (String(repeating: "a", count: 200), 123),
        (String(repeating: "a", count: 122) + "é", 122),
        (String(repeating: "a", count: 121) + "é", 123),
        (String(repeating: "é", count: 100), 122),
        (String(repeating: "a", count: 120) + "𝄞", 120),
        (String(repeating: "€", count: 41), 123),
        (String(repeating: "€", count: 42), 123),
    ])
    func encoderCutsTheReasonOnACharacterBoundary(reason: String, expectedBytes: Int) {
        let bytes = Self.encodedClose(.goingAway, reason: reason)
        #expect(bytes.count == 2 + 2 + expectedBytes)
        #expect(bytes[1] == UInt8(2 + expectedBytes))
        let run = DecoderDriver.runWhole(
            rawFrame(opcode: 8, payload: Array(bytes[2...]), maskingKey: 7), role: .server)
        #expect(run.error == nil)
        #expect(run.events == [.close(1001, String(decoding: utf8(reason).prefix(expectedBytes), as: UTF8.self), consumed: bytes.count + 4)])
    }
}
