// Spare output chunks of one loop, so forwarding a frame does not allocate and free 16 KiB each time.

/// A loop's free list of standard-size ``ByteChunk``s. A relayed frame is queued and written within
/// one loop iteration, so its chunk comes back at once and the next frame (on any connection of the
/// loop) takes it again: no malloc/free per frame. The list is capped, so a burst leaves at most
/// `limit` chunks behind, and idle connections hold none. Loop-confined.
public final class ChunkPool {
    /// The size of every chunk the pool hands out and takes back.
    public let chunkSize: Int
    /// Spare chunks kept at most; beyond this, returned chunks are freed.
    public let limit: Int
    private var spare: [ByteChunk] = []

    public init(chunkSize: Int = 16 * 1024, limit: Int = 32) {
        self.chunkSize = chunkSize
        self.limit = limit
        spare.reserveCapacity(limit)
    }

    /// Spare chunks held now (for tests and memory accounting).
    public var spareCount: Int { spare.count }

    /// An empty chunk with at least `minimumCapacity` bytes of room: a spare one when it fits.
    func take(minimumCapacity: Int) -> ByteChunk {
        if minimumCapacity <= chunkSize, let chunk = spare.popLast() { return chunk }
        return ByteChunk(capacity: max(chunkSize, minimumCapacity))
    }

    /// Takes back a chunk whose bytes were all written; other sizes, and any beyond `limit`, are freed.
    func recycle(_ chunk: ByteChunk) {
        guard chunk.capacity == chunkSize, spare.count < limit else { return }
        chunk.start = 0
        chunk.end = 0
        spare.append(chunk)
    }
}

@available(*, unavailable, message: "a ChunkPool belongs to one loop thread")
extension ChunkPool: Sendable {}
