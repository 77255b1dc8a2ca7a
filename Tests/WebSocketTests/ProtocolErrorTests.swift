// Every protocol violation fails the connection with its close code (RFC 6455 §7.4.1).

@testable import WebSocket
import Testing

/// Bytes a decoder in `role` receives, and the close code they must fail with.
struct InvalidInput: CustomTestStringConvertible, Sendable {
    let name: String
    let role: WebSocketRole
    let bytes: [UInt8]
    let closeCode: UInt16
    var testDescription: String { name }

    static let key: UInt32 = 0x1122_3344

    /// Masked frame from a client (to a server decoder).
    static func fromClient(_ name: String, _ closeCode: UInt16, _ bytes: [UInt8]) -> InvalidInput {
        InvalidInput(name: name, role: .server, bytes: bytes, closeCode: closeCode)
    }

    static let all: [InvalidInput] = [
        fromClient("RSV1 without a negotiated extension", 1002, rawFrame(opcode: 1, rsv1: true, payload: utf8("a"), maskingKey: key)),
        fromClient("RSV2", 1002, rawFrame(opcode: 1, rsv2: true, payload: utf8("a"), maskingKey: key)),
        fromClient("RSV3", 1002, rawFrame(opcode: 2, rsv3: true, maskingKey: key)),
        fromClient("reserved opcode 3", 1002, rawFrame(opcode: 3, maskingKey: key)),
        fromClient("reserved opcode 7", 1002, rawFrame(opcode: 7, maskingKey: key)),
        fromClient("reserved opcode 0xB", 1002, rawFrame(opcode: 0xB, maskingKey: key)),
        fromClient("reserved opcode 0xF", 1002, rawFrame(opcode: 0xF, maskingKey: key)),
        fromClient("unmasked client frame", 1002, rawFrame(opcode: 1, payload: utf8("hi"))),
        InvalidInput(name: "masked server frame", role: .client, bytes: rawFrame(opcode: 1, payload: utf8("hi"), maskingKey: key), closeCode: 1002),
        fromClient("fragmented ping", 1002, rawFrame(opcode: 9, fin: false, maskingKey: key)),
        fromClient("fragmented close", 1002, rawFrame(opcode: 8, fin: false, maskingKey: key)),
        fromClient("ping of 126 bytes", 1002, rawFrame(opcode: 9, payload: pattern(126), maskingKey: key)),
        fromClient("close with a 16-bit length", 1002, rawFrame(opcode: 8, payload: [0x03, 0xE8], maskingKey: key, length: .sixteenBit)),
        fromClient("continuation without a message", 1002, rawFrame(opcode: 0, payload: utf8("x"), maskingKey: key)),
        fromClient("text inside a fragmented message", 1002,
                   rawFrame(opcode: 1, fin: false, payload: utf8("a"), maskingKey: key) + rawFrame(opcode: 1, payload: utf8("b"), maskingKey: key)),
        fromClient("binary inside a fragmented message", 1002,
                   rawFrame(opcode: 2, fin: false, maskingKey: key) + rawFrame(opcode: 2, maskingKey: key)),
        fromClient("continuation after a finished message", 1002,
                   rawFrame(opcode: 1, payload: utf8("a"), maskingKey: key) + rawFrame(opcode: 0, payload: utf8("b"), maskingKey: key)),
        fromClient("64-bit length with the top bit set", 1002, rawFrame(opcode: 2, maskingKey: key, announcedLength: 1 << 63)),
        fromClient("close payload of one byte", 1002, rawFrame(opcode: 8, payload: [0x03], maskingKey: key)),
        fromClient("close code 1005", 1002, rawFrame(opcode: 8, payload: [0x03, 0xED], maskingKey: key)),
        fromClient("close code 999", 1002, rawFrame(opcode: 8, payload: [0x03, 0xE7], maskingKey: key)),
        fromClient("invalid UTF-8 in a text frame", 1007, rawFrame(opcode: 1, payload: [0x61, 0xFF, 0x62], maskingKey: key)),
        fromClient("invalid UTF-8 across fragments", 1007,
                   rawFrame(opcode: 1, fin: false, payload: [0x61, 0xE2, 0x82], maskingKey: key)
                       + rawFrame(opcode: 0, payload: [0x41], maskingKey: key)),
        fromClient("text ending inside a character", 1007, rawFrame(opcode: 1, payload: [0x61, 0xE2, 0x82], maskingKey: key)),
        fromClient("fragmented text ending inside a character", 1007,
                   rawFrame(opcode: 1, fin: false, payload: [0x61], maskingKey: key)
                       + rawFrame(opcode: 0, payload: [0xF0, 0x9F], maskingKey: key)),
        fromClient("invalid UTF-8 in a close reason", 1007, rawFrame(opcode: 8, payload: [0x03, 0xE8, 0xC0, 0x80], maskingKey: key)),
        fromClient("frame over the limit", 1009, rawFrame(opcode: 2, maskingKey: key, announcedLength: 16 * 1024 * 1024 + 1)),
        fromClient("frame of 2^63-1 bytes", 1009, rawFrame(opcode: 2, maskingKey: key, announcedLength: (1 << 63) - 1)),
    ]
}

@Suite("Protocol errors")
struct ProtocolErrorTests {
    @Test("each violation fails with its close code", arguments: InvalidInput.all)
    func eachViolationFailsWithItsCloseCode(_ input: InvalidInput) {
        let whole = DecoderDriver.runWhole(input.bytes, role: input.role)
        #expect(whole.error?.closeCode.rawValue == input.closeCode)
        let byteByByte = DecoderDriver.runByteByByte(input.bytes, role: input.role)
        #expect(byteByByte.error == whole.error)
    }

    @Test func serverRejectsUnmaskedClientFrame() {
        let result = decodeOnce(rawFrame(opcode: 2, payload: [1, 2, 3]), role: .server)
        #expect(result == .failure(.unmaskedClientFrame))
    }

    @Test func clientRejectsMaskedServerFrame() {
        let result = decodeOnce(rawFrame(opcode: 2, payload: [1, 2, 3], maskingKey: 1), role: .client)
        #expect(result == .failure(.maskedServerFrame))
    }

    @Test func badFirstByteFailsBeforeTheRestArrives() {
        #expect(decodeOnce([0x83], role: .server) == .failure(.unknownOpcode))
        #expect(decodeOnce([0xA1], role: .server) == .failure(.reservedBitSet))
        #expect(decodeOnce([0x09], role: .server) == .failure(.fragmentedControlFrame))
    }

    @Test func oversizedControlFrameFailsOnItsSecondByte() {
        #expect(decodeOnce([0x89, 0xFE], role: .server) == .failure(.controlFrameTooLong))
    }

    @Test func compressedControlFrameIsRefusedEvenWithAnInflater() {
        let run = DecoderDriver.runWhole(rawFrame(opcode: 9, rsv1: true, maskingKey: 5), role: .server, inflater: ScriptedInflater(output: []))
        #expect(run.error == .compressedControlFrame)
    }

    @Test func compressedContinuationIsRefusedEvenWithAnInflater() {
        let raw = rawFrame(opcode: 1, fin: false, rsv1: true, payload: [1], maskingKey: 5)
            + rawFrame(opcode: 0, rsv1: true, payload: [2], maskingKey: 5)
        let run = DecoderDriver.runWhole(raw, role: .server, inflater: ScriptedInflater(output: []))
        #expect(run.error == .compressedContinuation)
    }

    @Test func decoderKeepsFailingAfterAnError() {
        var decoder = WebSocketFrameDecoder(role: .server)
        var bad: [UInt8] = [0x83, 0x80, 0, 0, 0, 0]
        var good = frame(.text, utf8("ok"), from: .client)
        let first = bad.withUnsafeMutableBytes { input in Result { () throws(WebSocketProtocolError) in try decoder.decode(input) } }
        let second = good.withUnsafeMutableBytes { input in Result { () throws(WebSocketProtocolError) in try decoder.decode(input) } }
        #expect(first.failure == .unknownOpcode)
        #expect(second.failure == .unknownOpcode)
    }

    @Test("close codes allowed on the wire", arguments: [
        (0, false), (999, false), (1000, true), (1001, true), (1002, true), (1003, true), (1004, false), (1005, false),
        (1006, false), (1007, true), (1008, true), (1009, true), (1010, true), (1011, true), (1012, true), (1013, true),
        (1014, true), (1015, false), (1016, false), (2000, false), (2999, false), (3000, true), (3999, true), (4000, true),
        (4999, true), (5000, false), (65535, false),
    ] as [(UInt16, Bool)])
    func closeCodesAllowedOnTheWire(code: UInt16, allowed: Bool) {
        #expect(WebSocketCloseCode(rawValue: code).isValidOnTheWire == allowed)
        let payload = [UInt8(code >> 8), UInt8(code & 0xFF)]
        let result = decodeOnce(rawFrame(opcode: 8, payload: payload, maskingKey: 9), role: .server)
        #expect(result == (allowed ? .success(.close(code, "", consumed: 8)) : .failure(.invalidCloseCode)))
    }
}
