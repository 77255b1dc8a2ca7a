// Property: how the bytes are split across reads never changes what the decoder reports.

@testable import WebSocket
import Testing

@Suite("Split feeding")
struct SplitFeedingTests {
    /// Several frames as `sender` sends them: a single-frame text with multi-byte characters, a text
    /// message in three fragments cut inside characters with a ping between them, a 300-byte binary
    /// (16-bit length), a binary in two fragments with a pong between, an empty text, and a close.
    static func stream(from sender: WebSocketRole) -> [UInt8] {
        let greeting = utf8("grüße, κόσμε 🌍!")
        let long = utf8(String(repeating: "añ€𝄞", count: 20))
        let cutA = 7, cutB = 45
        return frame(.text, greeting, from: sender)
            + frame(.text, fin: false, Array(long[..<cutA]), from: sender)
            + frame(.ping, utf8("are you there"), from: sender)
            + frame(.continuation, fin: false, Array(long[cutA..<cutB]), from: sender)
            + frame(.continuation, Array(long[cutB...]), from: sender)
            + frame(.binary, pattern(300), from: sender)
            + frame(.binary, fin: false, pattern(20, seed: 3), from: sender, length: .sixtyFourBit)
            + frame(.pong, [], from: sender)
            + frame(.continuation, pattern(10, seed: 5), from: sender, length: .sixteenBit)
            + frame(.text, [], from: sender)
            + rawFrame(opcode: 0x8, payload: [0x03, 0xE8] + utf8("done"), maskingKey: sender == .client ? 0x0102_0304 : nil)
    }

    static func expectedEvents(from sender: WebSocketRole) -> [DecoderDriver.Event] {
        let mask = sender == .client ? 4 : 0
        let greeting = utf8("grüße, κόσμε 🌍!")
        let long = utf8(String(repeating: "añ€𝄞", count: 20))
        return [
            .message(.text, greeting, compressed: false, consumed: 2 + mask + greeting.count),
            .fragment(consumed: 2 + mask + 7),
            .ping(utf8("are you there"), consumed: 2 + mask + 13),
            .fragment(consumed: 2 + mask + 38),
            .message(.text, long, compressed: false, consumed: 4 + mask + long.count - 45),  // 155 bytes: 16-bit length
            .message(.binary, pattern(300), compressed: false, consumed: 4 + mask + 300),
            .fragment(consumed: 10 + mask + 20),
            .pong([], consumed: 2 + mask),
            .message(.binary, pattern(20, seed: 3) + pattern(10, seed: 5), compressed: false, consumed: 4 + mask + 10),
            .message(.text, [], compressed: false, consumed: 2 + mask),
            .close(1000, "done", consumed: 2 + mask + 6),
        ]
    }

    static let roles: [WebSocketRole] = [.server, .client]

    @Test("the whole stream decodes to the expected steps", arguments: roles)
    func wholeStreamDecodesToTheExpectedSteps(role: WebSocketRole) {
        let run = DecoderDriver.runWhole(Self.stream(from: peer(of: role)), role: role)
        #expect(run.error == nil)
        #expect(run.events == Self.expectedEvents(from: peer(of: role)))
        #expect(run.leftover == 0)
    }

    @Test("cutting the stream at every index yields the same steps", arguments: roles)
    func cuttingAtEveryIndexYieldsTheSameSteps(role: WebSocketRole) {
        let raw = Self.stream(from: peer(of: role))
        let expected = Self.expectedEvents(from: peer(of: role))
        for index in 0...raw.count {
            let run = DecoderDriver.runSplit(raw, at: index, role: role)
            #expect(run.error == nil, "cut at \(index)")
            #expect(run.events == expected, "cut at \(index)")
            #expect(run.leftover == 0, "cut at \(index)")
        }
    }

    @Test("feeding the stream byte by byte yields the same steps", arguments: roles)
    func feedingByteByByteYieldsTheSameSteps(role: WebSocketRole) {
        let run = DecoderDriver.runByteByByte(Self.stream(from: peer(of: role)), role: role)
        #expect(run.error == nil)
        #expect(run.events == Self.expectedEvents(from: peer(of: role)))
        #expect(run.leftover == 0)
    }

    @Test("feeding the stream in pieces of every size yields the same steps", arguments: roles)
    func feedingInEveryPieceSizeYieldsTheSameSteps(role: WebSocketRole) {
        let raw = Self.stream(from: peer(of: role))
        let expected = Self.expectedEvents(from: peer(of: role))
        for size in 2...64 {
            let pieces = stride(from: 0, to: raw.count, by: size).map { raw[$0..<min($0 + size, raw.count)] }
            let run = DecoderDriver.run(pieces, role: role)
            #expect(run.error == nil, "pieces of \(size)")
            #expect(run.events == expected, "pieces of \(size)")
        }
    }

    @Test func partialNextFrameIsLeftUnconsumed() {
        let raw = frame(.text, utf8("one"), from: .client) + frame(.text, utf8("two"), from: .client)
        let run = DecoderDriver.runWhole(Array(raw.dropLast(2)), role: .server)
        #expect(run.error == nil)
        #expect(run.events == [.message(.text, utf8("one"), compressed: false, consumed: 9)])
        #expect(run.leftover == 7)
    }
}
