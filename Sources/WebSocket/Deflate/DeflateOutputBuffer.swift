// A growable output buffer for zlib, reused across messages and shrunk after an unusually large one.

/// Raw bytes that zlib writes into, owned by a ``DeflateCompressor`` or ``DeflateDecompressor``.
///
/// It grows geometrically while one message is produced and is kept for the next message, so steady
/// traffic allocates nothing. A message that grew it past ``shrinkAbove`` has it cut back to the
/// initial size before the next message, so one huge message does not pin its memory.
struct DeflateOutputBuffer: ~Copyable {
    /// Capacity beyond which the buffer is shrunk back before the next message.
    static let shrinkAbove = 1 << 20

    private(set) var base: UnsafeMutableRawPointer
    private(set) var capacity: Int
    private let initialCapacity: Int

    init(capacity: Int) {
        initialCapacity = capacity
        self.capacity = capacity
        base = .allocate(byteCount: capacity, alignment: 16)
    }

    deinit { base.deallocate() }

    /// Grows to at least `needed` bytes (doubling, but never beyond `maximum` when that suffices),
    /// keeping the first `keeping` bytes.
    mutating func grow(toAtLeast needed: Int, maximum: Int = .max, keeping: Int) {
        guard needed > capacity else { return }
        let doubled = capacity > Int.max / 2 ? Int.max : capacity * 2
        let newCapacity = max(needed, min(doubled, maximum))
        let newBase = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
        newBase.copyMemory(from: base, byteCount: keeping)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    /// Returns to the initial capacity if a previous message grew the buffer past ``shrinkAbove``.
    /// Invalidates bytes returned for the previous message.
    mutating func shrinkIfOversized() {
        guard capacity > Self.shrinkAbove else { return }
        base.deallocate()
        capacity = initialCapacity
        base = .allocate(byteCount: capacity, alignment: 16)
    }
}
