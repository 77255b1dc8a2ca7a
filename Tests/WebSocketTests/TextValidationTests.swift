// Text messages are checked as UTF-8 while they arrive, failing at the first invalid byte (RFC 6455 §8.1).

@testable import WebSocket
import Testing

@Suite("Text validation in the decoder")
struct TextValidationTests {
    /// A text frame announcing 64 bytes whose 11th is invalid; only the first 11 are fed.
    @Test("a partial text frame fails with 1007 at the invalid byte before the frame completes", arguments: [WebSocketRole.server, .client])
    func partialTextFrameFailsAtTheInvalidByte(role: WebSocketRole) {
        let payload = utf8("valid text") + [0xC0] + asciiText(53)
        let raw = frame(.text, payload, from: peer(of: role))
        let headerLength = raw.count - payload.count
        let validPrefix = raw[..<(headerLength + 10)]
        let invalidByte = raw[(headerLength + 10)...(headerLength + 10)]

        var driver = DecoderDriver(role: role)
        #expect(Result { () throws(WebSocketProtocolError) in try driver.feed(validPrefix) }.failure == nil)
        let failure = Result { () throws(WebSocketProtocolError) in try driver.feed(invalidByte) }.failure
        #expect(failure == .invalidUTF8)
        #expect(driver.events.isEmpty)
    }

    @Test func continuationOfTextFailsAtTheInvalidByteBeforeItCompletes() {
        let first = frame(.text, fin: false, utf8("ab"), from: .client)
        let second = frame(.continuation, [0x63, 0xED, 0xA0, 0x80] + asciiText(20), from: .client)
        // Up to and including the surrogate's second byte (ED A0): 6 header bytes + 3 payload bytes.
        let run = DecoderDriver.run([first[...], second[..<8], second[8..<9]], role: .server)
        #expect(run.events == [.fragment(consumed: 8)])
        #expect(run.error == .invalidUTF8)
    }

    @Test func validPrefixOfAnIncompleteFrameNeedsMoreBytes() {
        let raw = frame(.text, utf8("κόσμε and more"), from: .client)
        let run = DecoderDriver.runWhole(Array(raw.dropLast(3)), role: .server)
        #expect(run.error == nil)
        #expect(run.events.isEmpty)
    }

    @Test func characterSplitAcrossFragmentsIsValid() {
        let euro = utf8("€")
        let raw = frame(.text, fin: false, [euro[0]], from: .client)
            + frame(.continuation, fin: false, [euro[1]], from: .client)
            + frame(.continuation, [euro[2]], from: .client)
        let run = DecoderDriver.runWhole(raw, role: .server)
        #expect(run.error == nil)
        #expect(run.events.last == .message(.text, euro, compressed: false, consumed: 7))
    }

    @Test func binaryMessagesAreNotValidated() {
        let run = DecoderDriver.runWhole(frame(.binary, [0xFF, 0xC0, 0x80], from: .client), role: .server)
        #expect(run.error == nil)
    }

    @Test func validatorStartsAfreshForEachMessage() {
        // A binary message with a dangling lead byte must not leak state into the next text message.
        let raw = frame(.binary, [0xE2], from: .client) + frame(.text, utf8("ok"), from: .client)
        let run = DecoderDriver.runWhole(raw, role: .server)
        #expect(run.error == nil)
        #expect(run.events.count == 2)
    }
}
