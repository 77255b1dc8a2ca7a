// Received bytes not yet consumed by a parser: the spill-over between one read and the next.

/// Contiguous unconsumed input. Readers parse `readableBytes` in place and `consume` what they used;
/// the rest stays, in order, for the next read to extend. Memory is released when it empties.
public struct ReadBuffer: ~Copyable {
    private var base: UnsafeMutableRawPointer?
    private var capacity = 0
    private var start = 0
    private var end = 0
    /// Capacity kept after the buffer empties; larger blocks are freed so idle connections stay small.
    public let retainedCapacity: Int

    public init(retainedCapacity: Int = 0) {
        self.retainedCapacity = retainedCapacity
    }

    deinit { base?.deallocate() }

    public var readableCount: Int { end - start }
    public var isEmpty: Bool { end == start }

    /// The unconsumed bytes. Valid until the buffer is next mutated.
    public var readableBytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base.map { $0 + start }, count: end - start)
    }

    /// The unconsumed bytes, writable in place (a WebSocket decoder unmasks payloads where they lie).
    public var mutableReadableBytes: UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(start: base.map { $0 + start }, count: end - start)
    }

    /// Appends a copy of `bytes`.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        _ = write(minimumCapacity: bytes.count) { room in
            room.copyMemory(from: bytes)
            return bytes.count
        }
    }

    /// Lets `body` write up to `room.count` bytes after the unconsumed ones (at least
    /// `minimumCapacity` of room); `body` returns how many it wrote.
    public mutating func write<E: Error>(minimumCapacity: Int, _ body: (UnsafeMutableRawBufferPointer) throws(E) -> Int) throws(E) -> Int {
        reserve(minimumCapacity)
        let written = try body(UnsafeMutableRawBufferPointer(start: base! + end, count: capacity - end))
        precondition(written >= 0 && written <= capacity - end)
        end += written
        return written
    }

    /// Drops the first `count` unconsumed bytes.
    public mutating func consume(_ count: Int) {
        precondition(count <= end - start, "consume beyond readable bytes")
        start += count
        if start == end {
            start = 0
            end = 0
            if capacity > retainedCapacity { release() }
        }
    }

    private mutating func reserve(_ needed: Int) {
        if capacity - end >= needed { return }
        let live = end - start
        if let base, start > 0, capacity - live >= needed {
            // Compact: slide the unconsumed bytes to the front instead of growing.
            base.copyMemory(from: base + start, byteCount: live)
        } else {
            var newCapacity = max(capacity, 4096)
            while newCapacity - live < needed { newCapacity *= 2 }
            let grown = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
            if let base {
                grown.copyMemory(from: base + start, byteCount: live)
                base.deallocate()
            }
            base = grown
            capacity = newCapacity
        }
        start = 0
        end = live
    }

    private mutating func release() {
        base?.deallocate()
        base = nil
        capacity = 0
    }
}
