// RFC 6455 §5.3 masking: XOR with a 4-byte key, a machine word at a time.

/// Applies (or removes: XOR is its own inverse) a frame's masking key (RFC 6455 §5.3): payload byte
/// `i` is XORed with key byte `i % 4`. Keys are `UInt32`s holding the four key bytes in wire order,
/// the first one most significant, as in ``WebSocketFrameHeader/maskingKey``.
///
/// The bulk runs 8 bytes at a time with the key repeated across a `UInt64` and rotated to the
/// payload position; only the bytes before the first aligned word and after the last one go singly.
public enum Masking {
    /// Unmasks (or masks) `bytes` in place. `offset` is the position of `bytes[0]` within the frame
    /// payload, so a payload that arrives in pieces can be unmasked piece by piece, each byte once.
    public static func unmask(_ bytes: UnsafeMutableRawBufferPointer, key: UInt32, offset: Int) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        let count = bytes.count
        var index = 0
        // Single bytes up to the first 8-byte-aligned address (none at all for short runs).
        let head = min(count, (8 &- Int(bitPattern: UInt(bitPattern: base) & 7)) & 7)
        while index < head {
            base.storeBytes(of: base.load(fromByteOffset: index, as: UInt8.self) ^ keyByte(key, offset &+ index),
                            toByteOffset: index, as: UInt8.self)
            index &+= 1
        }
        if count &- index >= 8 {
            let mask = wordMask(key, offset &+ index)
            while count &- index >= 8 {
                let word = (base + index).load(as: UInt64.self)
                (base + index).storeBytes(of: word ^ mask, as: UInt64.self)
                index &+= 8
            }
        }
        while index < count {
            base.storeBytes(of: base.load(fromByteOffset: index, as: UInt8.self) ^ keyByte(key, offset &+ index),
                            toByteOffset: index, as: UInt8.self)
            index &+= 1
        }
    }

    /// Copies `source` to the start of `destination` and masks it with `key` in the same pass (the
    /// payload starts at key byte 0). `destination` must hold at least `source.count` bytes.
    public static func copy(from source: UnsafeRawBufferPointer, to destination: UnsafeMutableRawBufferPointer, key: UInt32) {
        precondition(destination.count >= source.count, "masking destination too small")
        guard let from = source.baseAddress, let to = destination.baseAddress, source.count > 0 else { return }
        let count = source.count
        var index = 0
        if count >= 8 {
            let mask = wordMask(key, 0)
            while count &- index >= 8 {
                let word = from.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                to.storeBytes(of: word ^ mask, toByteOffset: index, as: UInt64.self)
                index &+= 8
            }
        }
        while index < count {
            to.storeBytes(of: from.load(fromByteOffset: index, as: UInt8.self) ^ keyByte(key, index),
                          toByteOffset: index, as: UInt8.self)
            index &+= 1
        }
    }

    /// Key byte for payload position `position`.
    @inline(__always)
    static func keyByte(_ key: UInt32, _ position: Int) -> UInt8 {
        UInt8(truncatingIfNeeded: key >> (24 &- 8 &* UInt32(truncatingIfNeeded: position & 3)))
    }

    /// Eight key bytes as laid out in memory from payload position `position` on; the byte layout is
    /// built explicitly, so this is right on either endianness.
    @inline(__always)
    static func wordMask(_ key: UInt32, _ position: Int) -> UInt64 {
        var mask: UInt64 = 0
        withUnsafeMutableBytes(of: &mask) { bytes in
            for index in 0..<8 { bytes[index] = keyByte(key, position &+ index) }
        }
        return mask
    }
}
