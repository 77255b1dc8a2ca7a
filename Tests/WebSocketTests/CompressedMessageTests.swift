// Messages with RSV1 go to the inflater after reassembly; limits and UTF-8 apply to the inflated bytes.

@testable import WebSocket
import Testing

/// An inflater stand-in: returns a fixed output (or throws 1009 past the limit) and records its inputs.
final class ScriptedInflater: WebSocketMessageInflater {
    private let output: OwnedBytes
    private(set) var inputs: [[UInt8]] = []
    private(set) var limits: [Int] = []

    init(output: [UInt8]) {
        self.output = OwnedBytes(output)
    }

    func inflate(_ compressed: UnsafeRawBufferPointer, limit: Int) throws(WebSocketProtocolError) -> UnsafeRawBufferPointer {
        inputs.append(Array(compressed))
        limits.append(limit)
        guard output.count <= limit else { throw WebSocketProtocolError(closeCode: .messageTooBig, reason: "inflated past the limit") }
        return output.bytes
    }
}

@Suite("Compressed messages")
struct CompressedMessageTests {
    @Test func singleFrameCompressedTextIsInflatedThenValidated() {
        let inflater = ScriptedInflater(output: utf8("κόσμε"))
        // The compressed bytes are not UTF-8; only the inflated text must be.
        let run = DecoderDriver.runWhole(frame(.text, rsv1: true, [0xFF, 0xFE, 0x00], from: .client), role: .server, inflater: inflater)
        #expect(run.error == nil)
        #expect(run.events == [.message(.text, utf8("κόσμε"), compressed: true, consumed: 9)])
        #expect(inflater.inputs == [[0xFF, 0xFE, 0x00]])
        #expect(inflater.limits == [16 * 1024 * 1024])
    }

    @Test func fragmentedCompressedMessageIsInflatedOnceAfterReassembly() {
        let inflater = ScriptedInflater(output: pattern(50))
        let raw = frame(.binary, fin: false, rsv1: true, [1, 2], from: .client)
            + frame(.ping, [9], from: .client)
            + frame(.continuation, fin: false, [3], from: .client)
            + frame(.continuation, [4, 5], from: .client)
        let run = DecoderDriver.runByteByByte(raw, role: .server, inflater: inflater)
        #expect(run.error == nil)
        #expect(run.events == [
            .fragment(consumed: 8), .ping([9], consumed: 7), .fragment(consumed: 7),
            .message(.binary, pattern(50), compressed: true, consumed: 8),
        ])
        #expect(inflater.inputs == [[1, 2, 3, 4, 5]])
    }

    @Test func inflatedTextThatIsNotUTF8FailsWith1007() {
        let inflater = ScriptedInflater(output: [0x61, 0xC0, 0x80])
        let run = DecoderDriver.runWhole(frame(.text, rsv1: true, [1], from: .client), role: .server, inflater: inflater)
        #expect(run.error == .invalidUTF8)
    }

    @Test func inflatedMessagePastTheLimitFailsWith1009() {
        let inflater = ScriptedInflater(output: pattern(101))
        let run = DecoderDriver.runWhole(
            frame(.binary, rsv1: true, [1], from: .client), role: .server,
            configuration: WebSocketConfiguration(maxMessageBytes: 100), inflater: inflater)
        #expect(run.error?.closeCode == .messageTooBig)
        #expect(inflater.limits == [100])
    }

    @Test func uncompressedMessagesBypassTheInflater() {
        let inflater = ScriptedInflater(output: [])
        let run = DecoderDriver.runWhole(frame(.text, utf8("plain"), from: .client), role: .server, inflater: inflater)
        #expect(run.events == [.message(.text, utf8("plain"), compressed: false, consumed: 11)])
        #expect(inflater.inputs.isEmpty)
    }
}
