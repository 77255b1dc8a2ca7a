// TCPConnection over a socketpair: spill-over of unconsumed input, pause/resume, EOF, queued writes.
#if canImport(Glibc)
import Glibc
#endif
import Posix
import Reactor
import Testing
import TestSupport

/// A delegate that consumes input in whole records of `recordSize` bytes and reports what it saw.
final class RecordingDelegate: ByteStreamDelegate {
    let recordSize: Int
    let records: Recorder<[UInt8]>
    let events: Recorder<String>

    init(recordSize: Int, records: Recorder<[UInt8]>, events: Recorder<String>) {
        self.recordSize = recordSize
        self.records = records
        self.events = events
    }

    func stream(_ stream: any ByteStream, received bytes: UnsafeMutableRawBufferPointer) -> Int {
        var offset = 0
        while bytes.count - offset >= recordSize {
            records.append(Array(bytes[offset..<(offset + recordSize)]))
            offset += recordSize
        }
        return offset
    }

    func streamReachedEndOfInput(_ stream: any ByteStream) { events.append("eof") }
    func streamBecameWritable(_ stream: any ByteStream) { events.append("writable") }
    func streamEstablished(_ stream: any ByteStream) { events.append("established") }
    func streamClosed(_ stream: any ByteStream, error: (any Error)?) {
        events.append(error.map { "closed: \($0)" } ?? "closed")
    }
}

@Suite struct TCPConnectionTests {
    @Test func unconsumedInputIsOfferedAgainWithTheNextBytes() throws {
        let running = try RunningLoop()
        let (loopSide, testSide) = socketPair()
        defer { close(testSide) }
        let records = Recorder<[UInt8]>(), events = Recorder<String>()
        running.loop.execute { context in
            let connection = try! TCPConnection(context: context, descriptor: loopSide, peer: unnamedPeer)
            connection.delegate = RecordingDelegate(recordSize: 4, records: records, events: events)
        }
        // Records split across writes: 6 bytes, then 2, then 4 + EOF.
        for part in [[1, 2, 3, 4, 5, 6], [7, 8], [9, 10, 11, 12]] as [[UInt8]] {
            _ = part.withUnsafeBytes { write(testSide, $0.baseAddress, $0.count) }
            usleep(20_000)
        }
        shutdown(testSide, Int32(SHUT_WR))
        #expect(eventually { events.values.contains("eof") })
        #expect(records.values == [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]])
    }

    @Test func largeWritesArriveCompleteAndInOrderThroughPartialWrites() throws {
        let running = try RunningLoop()
        let (loopSide, testSide) = socketPair()
        defer { close(testSide) }
        var small: Int32 = 4096
        setsockopt(loopSide, SOL_SOCKET, SO_SNDBUF, &small, socklen_t(MemoryLayout<Int32>.size))
        let total = 4 * 1024 * 1024
        let records = Recorder<[UInt8]>(), events = Recorder<String>()
        running.loop.execute { context in
            let connection = try! TCPConnection(context: context, descriptor: loopSide, peer: unnamedPeer)
            connection.delegate = RecordingDelegate(recordSize: 1, records: records, events: events)
            // Many separate writes: they queue (no syscall each) and leave in gathered writev calls.
            var block = [UInt8](repeating: 0, count: 1024)
            for index in 0..<(total / 1024) {
                for offset in 0..<1024 { block[offset] = UInt8(truncatingIfNeeded: index &+ offset) }
                connection.write(block)
            }
            events.append(connection.isOutputFull ? "full" : "not-full")
        }
        var received: [UInt8] = []
        received.reserveCapacity(total)
        var buffer = [UInt8](repeating: 0, count: 65536)
        while received.count < total {
            let count = read(testSide, &buffer, buffer.count)
            if count <= 0 { break }
            received += buffer[0..<count]
            usleep(100)  // a slow reader: the loop must wait for EPOLLOUT, not spin or drop
        }
        #expect(received.count == total)
        let mismatch = (0..<total).first { received[$0] != UInt8(truncatingIfNeeded: ($0 / 1024) &+ ($0 % 1024)) }
        #expect(mismatch == nil)
        #expect(events.values.first == "full")
        #expect(eventually { events.values.contains("writable") })
    }

    @Test func pausedReadingHoldsBytesInTheKernelUntilResumed() throws {
        let running = try RunningLoop()
        let (loopSide, testSide) = socketPair()
        defer { close(testSide) }
        let records = Recorder<[UInt8]>(), events = Recorder<String>()
        let holder = Recorder<Int>()
        running.loop.execute { context in
            let connection = try! TCPConnection(context: context, descriptor: loopSide, peer: unnamedPeer)
            connection.delegate = RecordingDelegate(recordSize: 2, records: records, events: events)
            connection.pauseReading()
            context.setAttachment(connection, for: TCPConnection.self)
            holder.append(1)
        }
        #expect(eventually { holder.values.count == 1 })
        _ = ([1, 2, 3, 4] as [UInt8]).withUnsafeBytes { write(testSide, $0.baseAddress, $0.count) }
        usleep(50_000)
        #expect(records.values.isEmpty)
        running.loop.execute { context in context.attachment(TCPConnection.self)?.resumeReading() }
        #expect(eventually { records.values.count == 2 })
    }

    @Test func closeAfterFlushDeliversQueuedBytesThenCloses() throws {
        let running = try RunningLoop()
        let (loopSide, testSide) = socketPair()
        defer { close(testSide) }
        let records = Recorder<[UInt8]>(), events = Recorder<String>()
        running.loop.execute { context in
            let connection = try! TCPConnection(context: context, descriptor: loopSide, peer: unnamedPeer)
            connection.delegate = RecordingDelegate(recordSize: 1, records: records, events: events)
            connection.write(Array("goodbye".utf8))
            connection.closeAfterFlush()
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let count = read(testSide, &buffer, buffer.count)
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        #expect(String(decoding: received, as: UTF8.self) == "goodbye")
        close(testSide)
        #expect(eventually { events.values.contains("closed") })
    }
}

/// Takes one byte per call, pausing and resuming reading inside the call (as a relay does when the
/// other side fills and drains at once): every byte must arrive exactly once, in order.
final class PauseResumeEveryByteDelegate: ByteStreamDelegate {
    let received: Recorder<UInt8>
    init(received: Recorder<UInt8>) { self.received = received }

    func stream(_ stream: any ByteStream, received bytes: UnsafeMutableRawBufferPointer) -> Int {
        guard let first = bytes.first else { return 0 }
        received.append(first)
        stream.pauseReading()
        stream.resumeReading()
        return 1
    }

    func streamReachedEndOfInput(_ stream: any ByteStream) {}
    func streamBecameWritable(_ stream: any ByteStream) {}
    func streamClosed(_ stream: any ByteStream, error: (any Error)?) {}
}

@Suite struct TCPConnectionReentrancyTests {
    @Test func resumingInsideADeliveryNeitherRepeatsNorStrandsBytes() throws {
        let running = try RunningLoop()
        let (loopSide, testSide) = socketPair()
        defer { close(testSide) }
        let received = Recorder<UInt8>()
        running.loop.execute { context in
            let connection = try! TCPConnection(context: context, descriptor: loopSide, peer: unnamedPeer)
            connection.delegate = PauseResumeEveryByteDelegate(received: received)
        }
        let sent = (0..<200).map { UInt8($0) }
        _ = sent.withUnsafeBytes { write(testSide, $0.baseAddress, $0.count) }
        #expect(eventually { received.values.count >= sent.count })
        usleep(50_000)
        #expect(received.values == sent)
    }
}
