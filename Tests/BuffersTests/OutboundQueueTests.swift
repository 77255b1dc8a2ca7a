// OutboundQueue: coalescing, gathering into iovecs, partial-write accounting, file regions in order.
#if canImport(Glibc)
import Glibc
#endif
import Buffers
import Testing

@Suite struct OutboundQueueTests {
    /// Flattens what `gather` would hand to writev.
    private func gathered(_ queue: borrowing OutboundQueue) -> [[UInt8]] {
        withUnsafeTemporaryAllocation(of: iovec.self, capacity: 16) { vectors in
            let count = queue.gather(into: vectors)
            return (0..<count).map { index in
                Array(UnsafeRawBufferPointer(start: vectors[index].iov_base, count: vectors[index].iov_len))
            }
        }
    }

    @Test func smallAppendsCoalesceIntoOneVector() {
        var queue = OutboundQueue(chunkSize: 64)
        queue.append(Array("HTTP/1.1 200 OK\r\n".utf8))
        queue.append(Array("\r\n".utf8))
        queue.append(Array("body".utf8))
        #expect(gathered(queue) == [Array("HTTP/1.1 200 OK\r\n\r\nbody".utf8)])
        #expect({ () -> Bool in queue.bufferedBytes == 23 }())
    }

    @Test func appendLargerThanChunkGetsItsOwnChunk() {
        var queue = OutboundQueue(chunkSize: 8)
        queue.append([1, 2, 3])
        queue.append([UInt8](repeating: 9, count: 20))
        let vectors = gathered(queue)
        #expect(vectors.count == 2)
        #expect(vectors[0] == [1, 2, 3])
        #expect(vectors[1].count == 20)
    }

    @Test func writtenChunksGoBackToThePoolAndAreReused() {
        let pool = ChunkPool(chunkSize: 64, limit: 1)
        var queue = OutboundQueue(pool: pool)
        queue.append([1, 2, 3])
        queue.consume(2)
        #expect(pool.spareCount == 0)  // bytes still queued in it
        queue.consume(1)
        #expect(pool.spareCount == 1)
        queue.append([4, 5])
        #expect(pool.spareCount == 0)
        #expect(gathered(queue) == [[4, 5]])
        queue.append([UInt8](repeating: 7, count: 100))  // larger than a pooled chunk: its own size
        queue.consume(102)
        #expect(pool.spareCount == 1)  // the pooled one came back, the large one was freed
    }

    @Test func partialConsumeKeepsRemainingBytesInOrder() {
        var queue = OutboundQueue(chunkSize: 4)
        queue.append([1, 2, 3, 4])
        queue.append(shared: SharedBytes([5, 6, 7]))
        queue.append([8, 9])
        queue.consume(2)
        #expect(gathered(queue).flatMap { $0 } == [3, 4, 5, 6, 7, 8, 9])
        queue.consume(3)
        #expect(gathered(queue).flatMap { $0 } == [6, 7, 8, 9])
        #expect({ () -> Bool in queue.bufferedBytes == 4 }())
        queue.consume(4)
        #expect({ () -> Bool in queue.isEmpty }())
        #expect({ () -> Bool in queue.bufferedBytes == 0 }())
    }

    @Test func gatherStopsAtAFileRegionAndResumesAfterIt() {
        var queue = OutboundQueue()
        queue.append([1])
        queue.append(file: FileRegion(descriptor: 42, offset: 0, count: 10))
        queue.append([2])
        #expect(gathered(queue) == [[1]])
        queue.consume(1)
        #expect({ () -> Bool in queue.frontFile == FileRegion(descriptor: 42, offset: 0, count: 10) }())
        #expect(queue.advanceFile(by: 4) == nil)
        #expect({ () -> Bool in queue.frontFile == FileRegion(descriptor: 42, offset: 4, count: 6) }())
        #expect(queue.advanceFile(by: 6) == FileRegion(descriptor: 42, offset: 10, count: 0))
        #expect(gathered(queue) == [[2]])
    }

    @Test func removeAllReturnsFilesToClose() {
        var queue = OutboundQueue()
        queue.append(file: FileRegion(descriptor: 7, offset: 0, count: 1))
        queue.append([1, 2])
        queue.append(file: FileRegion(descriptor: 8, offset: 0, count: 1))
        #expect(queue.removeAll().map(\.descriptor) == [7, 8])
        #expect({ () -> Bool in queue.isEmpty && queue.bufferedBytes == 0 }())
    }

    @Test func writeTailSerialisesInPlace() {
        var queue = OutboundQueue(chunkSize: 16)
        queue.writeTail(minimumCapacity: 3) { room in
            room[0] = 0x61; room[1] = 0x62; room[2] = 0x63
            return 3
        }
        #expect(gathered(queue) == [[0x61, 0x62, 0x63]])
    }
}
