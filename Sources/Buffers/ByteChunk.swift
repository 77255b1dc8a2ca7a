// A heap block with stable addresses, so queued bytes can be handed to writev without copying again.

/// Owned, mutable bytes: `[start, end)` is queued data, `[end, capacity)` is room to append.
/// Its address never moves, which is what lets `iovec`s point into it. Loop-confined.
public final class ByteChunk {
    public let base: UnsafeMutableRawPointer
    public let capacity: Int
    public internal(set) var start = 0
    public internal(set) var end = 0

    public init(capacity: Int) {
        self.capacity = capacity
        self.base = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
    }

    deinit { base.deallocate() }

    public var count: Int { end - start }
    public var room: Int { capacity - end }
}

@available(*, unavailable, message: "a ByteChunk belongs to one loop thread")
extension ByteChunk: Sendable {}

/// Immutable bytes shared by many responses (a cached file, a prebuilt response). Queuing it costs
/// no copy. Sendable because it is never written after `init`.
public final class SharedBytes: Sendable {
    // nonisolated(unsafe): the pointee is written only in init, then only read, until deinit frees it.
    nonisolated(unsafe) public let base: UnsafeMutableRawPointer
    public let count: Int

    public init(_ bytes: some Collection<UInt8>) {
        count = bytes.count
        base = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1), alignment: 16)
        var offset = 0
        for byte in bytes {
            base.storeBytes(of: byte, toByteOffset: offset, as: UInt8.self)
            offset += 1
        }
    }

    public init(copying buffer: UnsafeRawBufferPointer) {
        count = buffer.count
        base = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1), alignment: 16)
        if let source = buffer.baseAddress { base.copyMemory(from: source, byteCount: count) }
    }

    deinit { base.deallocate() }

    public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }
}

/// A byte range of an open file to send with sendfile(2). The queue only describes it; the
/// connection that sends it owns and closes `descriptor`.
public struct FileRegion: Sendable, Equatable {
    public let descriptor: Int32
    public var offset: Int
    public var count: Int

    public init(descriptor: Int32, offset: Int, count: Int) {
        self.descriptor = descriptor
        self.offset = offset
        self.count = count
    }
}
