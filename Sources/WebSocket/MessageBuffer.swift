// The decoder's reassembly buffer: fragments of one message, copied once, end to end.

/// Growable contiguous bytes for reassembling a fragmented message (RFC 6455 §5.4). The decoder
/// checks the message limit before appending, so this never grows past it. A class so the decoder
/// stays a copyable struct; the decoder copies it on write if it is ever shared.
final class MessageBuffer {
    private var base: UnsafeMutableRawPointer?
    private(set) var capacity = 0
    private(set) var count = 0
    /// Growth stops here (the decoder's message limit), unless a single append needs more.
    let maximumCapacity: Int

    init(maximumCapacity: Int) {
        self.maximumCapacity = maximumCapacity
    }

    deinit { base?.deallocate() }

    /// The bytes appended so far. Valid until the next mutation.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// Appends a copy of `bytes`, growing by doubling up to `maximumCapacity`.
    func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        let needed = count + bytes.count
        if needed > capacity { grow(to: needed) }
        (base! + count).copyMemory(from: source, byteCount: bytes.count)
        count = needed
    }

    /// Empties the buffer; keeps its memory only if it is at most `retainedCapacity` bytes, so a
    /// connection that once got a large message does not hold that much while idle.
    func removeAll(retainedCapacity: Int) {
        count = 0
        if capacity > retainedCapacity {
            base?.deallocate()
            base = nil
            capacity = 0
        }
    }

    /// An independent copy (for copy-on-write).
    func copy() -> MessageBuffer {
        let copy = MessageBuffer(maximumCapacity: maximumCapacity)
        copy.append(bytes)
        return copy
    }

    private func grow(to needed: Int) {
        var newCapacity = max(capacity, 4096)
        while newCapacity < needed { newCapacity *= 2 }
        newCapacity = max(needed, min(newCapacity, maximumCapacity))
        let grown = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
        if let base {
            grown.copyMemory(from: base, byteCount: count)
            base.deallocate()
        }
        base = grown
        capacity = newCapacity
    }
}

@available(*, unavailable, message: "a MessageBuffer belongs to one decoder on one loop thread")
extension MessageBuffer: Sendable {}
