// Where message bytes live: in place for single frames, in the decoder's own buffer for fragments.

@testable import WebSocket
import Testing

@Suite("Decoder buffers")
struct DecoderBufferTests {
    @Test func singleFrameMessageIsDeliveredInPlace() {
        var decoder = WebSocketFrameDecoder(role: .server)
        var raw = frame(.binary, pattern(300), from: .client)
        raw.withUnsafeMutableBytes { input in
            guard case .message(let message, let consumed)? = try? decoder.decode(input) else {
                Issue.record("expected a message")
                return
            }
            #expect(consumed == input.count)
            #expect(message.payload.baseAddress == UnsafeRawPointer(input.baseAddress! + 8))
            #expect(Array(message.payload) == pattern(300))
        }
    }

    @Test func fragmentedMessageIsDeliveredFromTheDecodersBuffer() {
        var decoder = WebSocketFrameDecoder(role: .client)
        var first = frame(.binary, fin: false, [1, 2], from: .server)
        var last = frame(.continuation, [3], from: .server)
        let step = first.withUnsafeMutableBytes { try? decoder.decode($0) }
        guard case .consumed(4)? = step else {
            Issue.record("expected the first fragment to be consumed")
            return
        }
        last.withUnsafeMutableBytes { input in
            guard case .message(let message, consumed: 3)? = try? decoder.decode(input) else {
                Issue.record("expected a message")
                return
            }
            let inInput = message.payload.baseAddress.map { $0 >= UnsafeRawPointer(input.baseAddress!) && $0 < UnsafeRawPointer(input.baseAddress! + input.count) }
            #expect(inInput == false)
            #expect(Array(message.payload) == [1, 2, 3])
        }
    }

    @Test func largeFragmentedMessagesFollowEachOther() {
        let big = pattern(200_000)
        var raw: [UInt8] = []
        for _ in 0..<2 {
            raw += frame(.binary, fin: false, Array(big[..<70_000]), from: .client)
            raw += frame(.continuation, fin: false, Array(big[70_000..<140_000]), from: .client)
            raw += frame(.continuation, Array(big[140_000...]), from: .client)
            raw += frame(.binary, fin: false, [7], from: .client) + frame(.continuation, [8], from: .client)
        }
        let run = DecoderDriver.runWhole(raw, role: .server)
        #expect(run.error == nil)
        let messages = run.events.compactMap { event -> [UInt8]? in
            if case .message(_, let bytes, _, _) = event { return bytes }
            return nil
        }
        #expect(messages == [big, [7, 8], big, [7, 8]])
    }

    @Test func copiedDecoderDoesNotShareItsMessageBuffer() {
        var original = DecoderDriver(role: .server)
        #expect((try? original.feed(frame(.text, fin: false, utf8("ab"), from: .client))) != nil)
        var copy = original
        #expect((try? original.feed(frame(.continuation, utf8("cd"), from: .client))) != nil)
        #expect((try? copy.feed(frame(.continuation, utf8("XY"), from: .client))) != nil)
        #expect(original.events.last == .message(.text, utf8("abcd"), compressed: false, consumed: 8))
        #expect(copy.events.last == .message(.text, utf8("abXY"), compressed: false, consumed: 8))
    }
}
