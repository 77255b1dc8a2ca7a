// Message and frame limits hold at the exact boundary, and 1009 comes before an oversized payload.

@testable import WebSocket
import Testing

@Suite("Size limits")
struct SizeLimitTests {
    static let limits = WebSocketConfiguration(maxMessageBytes: 1000)

    @Test func messageOfExactlyTheLimitPasses() {
        let run = DecoderDriver.runWhole(frame(.binary, pattern(1000), from: .client), role: .server, configuration: Self.limits)
        #expect(run.error == nil)
        #expect(run.events == [.message(.binary, pattern(1000), compressed: false, consumed: 1008)])
    }

    @Test func messageOneByteOverTheLimitFailsWith1009() {
        let run = DecoderDriver.runWhole(frame(.binary, pattern(1001), from: .client), role: .server, configuration: Self.limits)
        #expect(run.error?.closeCode == .messageTooBig)
    }

    @Test func oversizedFrameFailsFromItsHeaderBeforeThePayloadArrives() {
        let header = Array(frame(.binary, pattern(1001), from: .client).prefix(8))
        let run = DecoderDriver.runWhole(header, role: .server, configuration: Self.limits)
        #expect(run.error == .frameTooBig)
        let huge = rawFrame(opcode: 2, maskingKey: 1, announcedLength: 1 << 40)
        #expect(decodeOnce(huge, role: .server).failure == .frameTooBig)
    }

    @Test func fragmentsAddingUpToExactlyTheLimitPass() {
        let raw = frame(.text, fin: false, asciiText(600), from: .client) + frame(.continuation, asciiText(400), from: .client)
        let run = DecoderDriver.runWhole(raw, role: .server, configuration: Self.limits)
        #expect(run.error == nil)
        #expect(run.events.last == .message(.text, asciiText(600) + asciiText(400), compressed: false, consumed: 408))
    }

    @Test func fragmentPassingTheMessageLimitFailsFromItsHeaderBeforeItsPayload() {
        let raw = frame(.text, fin: false, asciiText(600), from: .client)
            + frame(.continuation, fin: false, asciiText(399), from: .client)
            + frame(.continuation, asciiText(2), from: .client).prefix(6)
        let run = DecoderDriver.runWhole(raw, role: .server, configuration: Self.limits)
        #expect(run.events.count == 2)
        #expect(run.error == .messageTooBig)
    }

    @Test func frameLimitBelowTheMessageLimitCapsEachFrame() {
        let limits = WebSocketConfiguration(maxMessageBytes: 1000, maxFrameBytes: 100)
        let fits = frame(.binary, fin: false, pattern(100), from: .client) + frame(.continuation, pattern(100), from: .client)
        #expect(DecoderDriver.runWhole(fits, role: .server, configuration: limits).error == nil)
        let tooLong = frame(.binary, pattern(101), from: .client).prefix(4)
        #expect(DecoderDriver.runWhole(Array(tooLong), role: .server, configuration: limits).error == .frameTooBig)
    }

    @Test func frameLimitAboveTheMessageLimitStillStopsAtTheMessageLimit() {
        let limits = WebSocketConfiguration(maxMessageBytes: 100, maxFrameBytes: 1000)
        let header = frame(.binary, pattern(101), from: .client).prefix(6)
        #expect(DecoderDriver.runWhole(Array(header), role: .server, configuration: limits).error == .messageTooBig)
    }

    @Test func controlFramesDoNotCountTowardTheMessage() {
        let limits = WebSocketConfiguration(maxMessageBytes: 10)
        let raw = frame(.binary, fin: false, pattern(10), from: .client) + frame(.ping, pattern(100), from: .client)
            + frame(.continuation, [], from: .client)
        let run = DecoderDriver.runWhole(raw, role: .server, configuration: limits)
        #expect(run.error == nil)
        #expect(run.events.count == 3)
    }

    @Test func defaultLimitsAre16MiBForMessagesAndFrames() {
        let configuration = WebSocketConfiguration()
        #expect(configuration.maxMessageBytes == 16 * 1024 * 1024)
        #expect(configuration.maxFrameBytes == configuration.maxMessageBytes)
    }
}
