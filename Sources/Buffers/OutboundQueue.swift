// Bytes waiting to be written to a socket, in order, as chunks a single writev can gather.
#if canImport(Glibc)
import Glibc
#endif

/// A FIFO of outgoing bytes and file regions. Small appends coalesce into the tail chunk, so a
/// burst of frames or a response head plus body leaves as one `writev`. Loop-confined.
public struct OutboundQueue: ~Copyable {
    enum Segment {
        case owned(ByteChunk)
        case shared(SharedBytes, offset: Int)
        case file(FileRegion)
    }

    private var segments: [Segment] = []
    private var head = 0
    /// Bytes held in memory (files excluded): what the high/low watermarks compare against.
    public private(set) var bufferedBytes = 0
    /// File regions queued: each holds an open descriptor, so they count against output limits too.
    public private(set) var queuedFiles = 0
    /// Size of a fresh chunk; larger appends get a chunk of their own size.
    public let chunkSize: Int
    /// Where chunks come from and go back to once written (the loop's), if any.
    private let pool: ChunkPool?

    public init(chunkSize: Int = 16 * 1024) {
        self.chunkSize = chunkSize
        pool = nil
    }

    /// A queue that takes its chunks from `pool` and returns them when they are written.
    public init(pool: ChunkPool) {
        chunkSize = pool.chunkSize
        self.pool = pool
    }

    public var isEmpty: Bool { head == segments.count }

    /// Copies `bytes` to the end of the queue.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        writeTail(minimumCapacity: bytes.count) { room in
            room.copyMemory(from: bytes)
            return bytes.count
        }
    }

    public mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    /// Lets `body` write straight into the queue's tail (at least `minimumCapacity` bytes of room);
    /// `body` returns how many bytes it wrote.
    public mutating func writeTail(minimumCapacity: Int, _ body: (UnsafeMutableRawBufferPointer) -> Int) {
        let chunk: ByteChunk
        if head < segments.count, case .owned(let tail) = segments[segments.count - 1], tail.room >= minimumCapacity {
            chunk = tail
        } else {
            chunk = pool?.take(minimumCapacity: minimumCapacity) ?? ByteChunk(capacity: max(chunkSize, minimumCapacity))
            segments.append(.owned(chunk))
        }
        let written = body(UnsafeMutableRawBufferPointer(start: chunk.base + chunk.end, count: chunk.room))
        precondition(written >= 0 && written <= chunk.room, "writeTail body wrote outside its room")
        chunk.end += written
        bufferedBytes += written
    }

    /// Queues immutable shared bytes without copying them.
    public mutating func append(shared: SharedBytes) {
        guard shared.count > 0 else { return }
        segments.append(.shared(shared, offset: 0))
        bufferedBytes += shared.count
    }

    /// Queues a file region; the caller hands over ownership of its descriptor.
    public mutating func append(file: FileRegion) {
        segments.append(.file(file))
        queuedFiles += 1
    }

    /// The file region at the front of the queue, if the next bytes to send come from a file.
    public var frontFile: FileRegion? {
        guard head < segments.count, case .file(let region) = segments[head] else { return nil }
        return region
    }

    /// Fills `vectors` with the in-memory bytes at the front of the queue, up to the first file region.
    /// The pointers stay valid until the queue is next mutated. Returns how many vectors were filled.
    public func gather(into vectors: UnsafeMutableBufferPointer<iovec>) -> Int {
        var filled = 0
        var index = head
        while index < segments.count, filled < vectors.count {
            switch segments[index] {
            case .owned(let chunk):
                vectors[filled] = iovec(iov_base: chunk.base + chunk.start, iov_len: chunk.count)
            case .shared(let bytes, let offset):
                vectors[filled] = iovec(iov_base: bytes.base + offset, iov_len: bytes.count - offset)
            case .file:
                return filled
            }
            filled += 1
            index += 1
        }
        return filled
    }

    /// Drops `count` in-memory bytes that were written.
    public mutating func consume(_ count: Int) {
        var remaining = count
        bufferedBytes -= count
        while remaining > 0, head < segments.count {
            switch segments[head] {
            case .owned(let chunk):
                let take = min(remaining, chunk.count)
                chunk.start += take
                remaining -= take
                if chunk.count == 0 {
                    popFront()
                    pool?.recycle(chunk)
                }
            case .shared(let bytes, let offset):
                let take = min(remaining, bytes.count - offset)
                remaining -= take
                if offset + take == bytes.count {
                    popFront()
                } else {
                    segments[head] = .shared(bytes, offset: offset + take)
                }
            case .file:
                preconditionFailure("consume(_:) crossed a file region")
            }
        }
        precondition(remaining == 0, "consume(_:) beyond the queued bytes")
    }

    /// Records that `count` bytes of the front file region were sent. Returns the region when it is
    /// finished (so the caller closes its descriptor), nil while bytes remain.
    public mutating func advanceFile(by count: Int) -> FileRegion? {
        guard var region = frontFile else { preconditionFailure("advanceFile without a front file") }
        region.offset += count
        region.count -= count
        if region.count > 0 {
            segments[head] = .file(region)
            return nil
        }
        popFront()
        queuedFiles -= 1
        return region
    }

    /// Empties the queue; returns the file regions whose descriptors the caller must close.
    public mutating func removeAll() -> [FileRegion] {
        var files: [FileRegion] = []
        for index in head..<segments.count {
            if case .file(let region) = segments[index] { files.append(region) }
        }
        segments.removeAll()
        head = 0
        bufferedBytes = 0
        queuedFiles = 0
        return files
    }

    private mutating func popFront() {
        head += 1
        if head == segments.count {
            if segments.capacity <= 16 {
                // Usually one or two segments (a frame or two per iteration): popping them is much
                // cheaper than the general range removal behind removeAll(keepingCapacity:).
                while !segments.isEmpty { segments.removeLast() }
            } else {
                segments = []
            }
            head = 0
        } else if head >= 32, head * 2 >= segments.count {
            segments.removeFirst(head)
            head = 0
        }
    }
}
