// Header parsing: every length form, masking keys, and "need more bytes" for every prefix (RFC 6455 §5.2).

@testable import WebSocket
import Testing

@Suite("Frame header parser")
struct FrameHeaderParserTests {
    static let server = WebSocketFrameHeaderParser(role: .server, deflateNegotiated: false, maxFrameBytes: .max)
    static let client = WebSocketFrameHeaderParser(role: .client, deflateNegotiated: false, maxFrameBytes: .max)

    static func parse(_ parser: WebSocketFrameHeaderParser, _ bytes: [UInt8]) -> Result<WebSocketFrameHeader?, WebSocketProtocolError> {
        bytes.withUnsafeBytes { raw in Result { () throws(WebSocketProtocolError) in try parser.parse(raw) } }
    }

    @Test("every length form parses, minimal or not", arguments: [
        (5, LengthForm.minimal, 2), (125, .minimal, 2), (126, .minimal, 4), (65535, .minimal, 4), (65536, .minimal, 10),
        (5, .sixteenBit, 4), (5, .sixtyFourBit, 10), (300, .sixtyFourBit, 10),
    ])
    func everyLengthFormParses(length: Int, form: LengthForm, headerLength: Int) {
        let raw = Array(rawFrame(opcode: 2, maskingKey: 0x0102_0304, length: form, announcedLength: UInt64(length)))
        let header = Self.parse(Self.server, raw)
        #expect(header == .success(WebSocketFrameHeader(fin: true, opcode: .binary, maskingKey: 0x0102_0304,
                                                        payloadLength: length, headerLength: headerLength + 4)))
    }

    @Test func everyProperPrefixOfAHeaderNeedsMoreBytes() {
        let raw = rawFrame(opcode: 1, fin: false, maskingKey: 0xAABB_CCDD, announcedLength: 70000)
        #expect(raw.count == 14)
        for count in 0..<14 { #expect(Self.parse(Self.server, Array(raw.prefix(count))) == .success(nil), "prefix \(count)") }
        #expect(Self.parse(Self.server, raw) == .success(WebSocketFrameHeader(
            fin: false, opcode: .text, maskingKey: 0xAABB_CCDD, payloadLength: 70000, headerLength: 14)))
    }

    @Test func largestAllowedSixtyFourBitLengthParses() {
        let raw = rawFrame(opcode: 2, announcedLength: UInt64(Int.max))
        #expect(Self.parse(Self.client, raw) == .success(WebSocketFrameHeader(
            fin: true, opcode: .binary, maskingKey: nil, payloadLength: .max, headerLength: 10)))
    }

    @Test func rsv1IsAcceptedOnTheFirstDataFrameOnlyWhenDeflateWasNegotiated() {
        let deflate = WebSocketFrameHeaderParser(role: .client, deflateNegotiated: true, maxFrameBytes: .max)
        let raw = rawFrame(opcode: 1, fin: false, rsv1: true, payload: [1, 2, 3])
        #expect(Self.parse(deflate, raw) == .success(WebSocketFrameHeader(
            fin: false, rsv1: true, opcode: .text, maskingKey: nil, payloadLength: 3, headerLength: 2)))
        #expect(Self.parse(Self.client, raw) == .failure(.reservedBitSet))
    }
}
