// ReadBuffer: unconsumed bytes stay in order across appends, compaction and growth; memory is released.
import Buffers
import Testing

@Suite struct ReadBufferTests {
    @Test func keepsUnconsumedBytesInOrderAcrossGrowth() {
        var buffer = ReadBuffer()
        var expected: [UInt8] = []
        for round in 0..<50 {
            let chunk = (0..<(round * 37 % 5000 + 1)).map { UInt8(truncatingIfNeeded: $0 &+ round) }
            chunk.withUnsafeBytes { buffer.append($0) }
            expected += chunk
            let drop = expected.count / 3
            buffer.consume(drop)
            expected.removeFirst(drop)
            #expect({ () -> Bool in Array(buffer.readableBytes) == expected }())
        }
    }

    @Test func writeAppendsAfterUnconsumedBytes() {
        var buffer = ReadBuffer()
        ([1, 2, 3] as [UInt8]).withUnsafeBytes { buffer.append($0) }
        buffer.consume(1)
        let written = buffer.write(minimumCapacity: 2) { room in
            room[0] = 4; room[1] = 5
            return 2
        }
        #expect(written == 2)
        #expect({ () -> Bool in Array(buffer.readableBytes) == [2, 3, 4, 5] }())
    }

    @Test func emptiesToZeroReadable() {
        var buffer = ReadBuffer()
        [UInt8](repeating: 1, count: 100_000).withUnsafeBytes { buffer.append($0) }
        buffer.consume(100_000)
        #expect({ () -> Bool in buffer.isEmpty }())
        #expect({ () -> Bool in buffer.readableBytes.count == 0 }())
    }
}
