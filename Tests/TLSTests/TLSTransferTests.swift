// Megabytes through TLS: both directions at once with backpressure, and a reader that pauses or never consumes.
#if canImport(Glibc)
import Glibc
#endif
import Posix
import Reactor
import Synchronization
import Testing
import TestSupport
import TLS

@Suite struct TLSTransferTests {
    @Test(arguments: [TLSVersion.tls12, .tls13])
    func megabytesEchoBothWaysIntactUnderBackpressure(version: TLSVersion) throws {
        let loop = try TestLoop()
        let total = 8 * 1024 * 1024
        let server = try TLSTestServer(on: loop, configuration: try TestTLS.server(try TestTLS.certificates().localhost,
                                                                                 maximumVersion: version)) {
            EchoDelegate(StreamProbe())
        }
        let progress = PatternProgress()
        TestTLS.connect(on: loop, to: server.address, serverName: "localhost", configuration: try TestTLS.client(),
                        makeDelegate: { PatternDelegate(sending: total, expecting: total, progress: progress) })
        #expect(eventually(timeout: 60) { progress.received == total || progress.failure != nil })
        #expect(progress.failure == nil)
        #expect(progress.received == total)
        #expect(progress.wasFull)  // the sender really met backpressure
    }

    @Test func pausedReaderKeepsMemoryBoundedThenReceivesEverythingIntact() throws {
        let loop = try TestLoop()
        let total = 8 * 1024 * 1024
        let senderProgress = PatternProgress(), readerProgress = PatternProgress()
        let server = try TLSTestServer(on: loop, configuration: try TestTLS.server(try TestTLS.certificates().localhost)) {
            PatternDelegate(sending: total, expecting: 0, progress: senderProgress)
        }
        TestTLS.connect(on: loop, to: server.address, serverName: "localhost", configuration: try TestTLS.client(),
                        makeDelegate: {
                            let reader = PatternDelegate(sending: 0, expecting: total, progress: readerProgress)
                            reader.pauseAfterFirstDelivery = true
                            return reader
                        }) { stream in
            stream.context.setAttachment(stream, for: TLSStream.self)
        }
        #expect(eventually { readerProgress.received > 0 && readerProgress.paused })
        usleep(300_000)
        let readWhilePaused = try loop.sample { $0.attachment(TLSStream.self)?.bytesTransferred.read ?? -1 }
        usleep(200_000)
        // Nothing more is read from the socket: the rest waits in the kernel and on the sender.
        #expect(try loop.sample { $0.attachment(TLSStream.self)?.bytesTransferred.read ?? -1 } == readWhilePaused)
        #expect(readWhilePaused < 2 * 1024 * 1024)
        #expect(senderProgress.sent < total)
        loop.run { context in context.attachment(TLSStream.self)?.resumeReading() }
        #expect(eventually(timeout: 60) { readerProgress.received == total || readerProgress.failure != nil })
        #expect(readerProgress.failure == nil)
        #expect(readerProgress.received == total)
    }

    @Test func readerThatNeverConsumesStopsTheStreamAtMaxInboundBytes() throws {
        let loop = try TestLoop()
        let total = 8 * 1024 * 1024
        let limit = 256 * 1024
        let server = try TLSTestServer(on: loop, configuration: try TestTLS.server(try TestTLS.certificates().localhost)) {
            PatternDelegate(sending: total, expecting: 0, progress: PatternProgress())
        }
        TestTLS.connect(on: loop, to: server.address, serverName: "localhost", configuration: try TestTLS.client(),
                        makeDelegate: { HoardingDelegate() }) { stream in
            stream.maxInboundBytes = limit
            stream.context.setAttachment(stream, for: TLSStream.self)
        }
        let buffered: @Sendable (LoopContext) -> Int = { $0.attachment(TLSStream.self)?.bufferedInputBytes ?? -1 }
        let wire: @Sendable (LoopContext) -> Int = { $0.attachment(TLSStream.self)?.bytesTransferred.read ?? -1 }
        #expect(eventually { ((try? loop.sample(buffered)) ?? 0) >= limit })
        usleep(300_000)
        let wireBefore = try loop.sample(wire)
        usleep(200_000)
        #expect(try loop.sample(wire) == wireBefore)
        // One decrypt pass may overshoot the limit by its chunk, never by more.
        #expect(try loop.sample(buffered) <= limit + 64 * 1024)
        #expect(wireBefore < 2 * 1024 * 1024)
    }

    /// Resuming from inside a delivery cannot resume the lower stream there (it would re-enter
    /// it); the stream finishes the resume before the loop sleeps. Nothing may stall or repeat.
    @Test func readerThatPausesAndResumesInsideEveryDeliveryGetsEverythingOnce() throws {
        let loop = try TestLoop()
        let total = 2 * 1024 * 1024
        let server = try TLSTestServer(on: loop, configuration: try TestTLS.server(try TestTLS.certificates().localhost)) {
            PatternDelegate(sending: total, expecting: 0, progress: PatternProgress())
        }
        let progress = PatternProgress()
        TestTLS.connect(on: loop, to: server.address, serverName: "localhost", configuration: try TestTLS.client(),
                        makeDelegate: { FlappingReader(progress: progress) })
        #expect(eventually(timeout: 60) { progress.received == total || progress.failure != nil })
        #expect(progress.failure == nil)
        #expect(progress.received == total)
    }
}

/// Progress of a PatternDelegate, readable from the test thread.
final class PatternProgress: Sendable {
    private let state = Mutex<(sent: Int, received: Int, full: Bool, paused: Bool, failure: String?)>(
        (0, 0, false, false, nil))
    var sent: Int { state.withLock { $0.sent } }
    var received: Int { state.withLock { $0.received } }
    var wasFull: Bool { state.withLock { $0.full } }
    var paused: Bool { state.withLock { $0.paused } }
    var failure: String? { state.withLock { $0.failure } }

    func update(_ body: (inout (sent: Int, received: Int, full: Bool, paused: Bool, failure: String?)) -> Void) {
        state.withLock { body(&$0) }
    }
}

/// Sends `sending` bytes of the test pattern as fast as backpressure allows, and checks that
/// what it receives is the pattern, `expecting` bytes of it.
final class PatternDelegate: ByteStreamDelegate {
    let total: Int
    let expected: Int
    let progress: PatternProgress
    var sent = 0
    var received = 0
    var pauseAfterFirstDelivery = false
    private var block = [UInt8](repeating: 0, count: 64 * 1024)

    init(sending total: Int, expecting expected: Int, progress: PatternProgress) {
        self.total = total
        self.expected = expected
        self.progress = progress
    }

    private func pump(_ stream: any ByteStream) {
        while sent < total {
            if stream.isOutputFull {
                progress.update { $0.full = true }
                break
            }
            let count = min(block.count, total - sent)
            for index in 0..<count { block[index] = TestTLS.patternByte(sent + index) }
            block.withUnsafeBytes { stream.write(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
            sent += count
        }
        let sent = self.sent
        progress.update { $0.sent = sent }
    }

    func stream(_ stream: any ByteStream, received bytes: UnsafeMutableRawBufferPointer) -> Int {
        var mismatch: Int?
        for (offset, byte) in bytes.enumerated() where byte != TestTLS.patternByte(received + offset) {
            mismatch = received + offset
            break
        }
        received += bytes.count
        let received = self.received
        let pausing = pauseAfterFirstDelivery
        if pausing {
            pauseAfterFirstDelivery = false
            stream.pauseReading()
        }
        progress.update { state in
            state.received = received
            if pausing { state.paused = true }
            if let mismatch, state.failure == nil { state.failure = "pattern mismatch at byte \(mismatch)" }
        }
        return bytes.count
    }

    func streamEstablished(_ stream: any ByteStream) { pump(stream) }
    func streamBecameWritable(_ stream: any ByteStream) { pump(stream) }
    func streamReachedEndOfInput(_ stream: any ByteStream) {}
    func streamClosed(_ stream: any ByteStream, error: (any Error)?) {
        let received = self.received, expected = self.expected
        if let error, received < expected { progress.update { $0.failure = $0.failure ?? "closed early: \(error)" } }
    }
}

/// Consumes nothing, ever: the stream must stop reading at its maxInboundBytes.
final class HoardingDelegate: ByteStreamDelegate {
    func stream(_ stream: any ByteStream, received bytes: UnsafeMutableRawBufferPointer) -> Int { 0 }
    func streamReachedEndOfInput(_ stream: any ByteStream) {}
    func streamBecameWritable(_ stream: any ByteStream) {}
    func streamClosed(_ stream: any ByteStream, error: (any Error)?) {}
}

/// Takes at most 1000 bytes per delivery, and pauses and resumes reading inside every one.
final class FlappingReader: ByteStreamDelegate {
    let progress: PatternProgress
    var received = 0

    init(progress: PatternProgress) { self.progress = progress }

    func stream(_ stream: any ByteStream, received bytes: UnsafeMutableRawBufferPointer) -> Int {
        let taken = min(bytes.count, 1000)
        let start = received
        let mismatch = (0..<taken).first { bytes[$0] != TestTLS.patternByte(start + $0) }.map { start + $0 }
        received += taken
        let total = received
        progress.update { state in
            state.received = total
            if let mismatch, state.failure == nil { state.failure = "pattern mismatch at byte \(mismatch)" }
        }
        stream.pauseReading()
        stream.resumeReading()
        return taken
    }

    func streamReachedEndOfInput(_ stream: any ByteStream) {}
    func streamBecameWritable(_ stream: any ByteStream) {}
    func streamClosed(_ stream: any ByteStream, error: (any Error)?) {
        if let error { progress.update { $0.failure = $0.failure ?? "closed: \(error)" } }
    }
}
