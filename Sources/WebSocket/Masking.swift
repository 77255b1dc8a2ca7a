// RFC 6455 §5.3 masking: XOR with a 4-byte key, a vector or a machine word at a time.

/// Applies (or removes: XOR is its own inverse) a frame's masking key (RFC 6455 §5.3): payload byte
/// `i` is XORed with key byte `i % 4`. Keys are `UInt32`s holding the four key bytes in wire order,
/// the first one most significant, as in ``WebSocketFrameHeader/maskingKey``.
///
/// The bulk runs 64 bytes at a time when unmasking (four SSE/NEON vectors) and 8 at a time when
/// copying, with the key repeated across a `UInt64` and rotated to the payload position; only the
/// bytes before the first aligned word and after the last one go singly.
public enum Masking {
    /// Unmasks (or masks) `bytes` in place. `offset` is the position of `bytes[0]` within the frame
    /// payload, so a payload that arrives in pieces can be unmasked piece by piece, each byte once.
    /// Returns whether every unmasked byte is ASCII (below 0x80), seen on the way at no extra pass,
    /// so a text frame's UTF-8 check can skip pieces that are plain ASCII (JSON with base64 audio).
    @discardableResult
    public static func unmask(_ bytes: UnsafeMutableRawBufferPointer, key: UInt32, offset: Int) -> Bool {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return true }
        let count = bytes.count
        var index = 0
        var seen: UInt64 = 0  // every unmasked byte ORed in: its high bits say whether any was not ASCII
        // Single bytes up to the first 8-byte-aligned address (none at all for short runs).
        let head = min(count, (8 &- Int(bitPattern: UInt(bitPattern: base) & 7)) & 7)
        while index < head {
            seen |= UInt64(unmaskByte(base, index, key, offset))
            index &+= 1
        }
        if count &- index >= 8 {
            let mask = wordMask(key, offset &+ index)
            seen |= unmaskBlocks(base, from: &index, count: count, mask: mask)
            while count &- index >= 8 {
                let word = (base + index).load(as: UInt64.self) ^ mask
                (base + index).storeBytes(of: word, as: UInt64.self)
                seen |= word
                index &+= 8
            }
        }
        while index < count {
            seen |= UInt64(unmaskByte(base, index, key, offset))
            index &+= 1
        }
        return seen & 0x8080_8080_8080_8080 == 0
    }

    /// XORs 64-byte blocks from `index` on with `mask` (four 16-byte vectors per block; 4 divides 16,
    /// so the key stays in phase) and returns the OR of the unmasked bytes, folded to a word.
    @inline(__always)
    private static func unmaskBlocks(_ base: UnsafeMutableRawPointer, from index: inout Int, count: Int, mask: UInt64) -> UInt64 {
        let vectorMask = SIMD2<UInt64>(mask, mask)
        var seen = SIMD2<UInt64>(repeating: 0)
        while count &- index >= 64 {
            let block = base + index
            let first = block.loadUnaligned(as: SIMD2<UInt64>.self) ^ vectorMask
            let second = block.loadUnaligned(fromByteOffset: 16, as: SIMD2<UInt64>.self) ^ vectorMask
            let third = block.loadUnaligned(fromByteOffset: 32, as: SIMD2<UInt64>.self) ^ vectorMask
            let fourth = block.loadUnaligned(fromByteOffset: 48, as: SIMD2<UInt64>.self) ^ vectorMask
            block.storeBytes(of: first, as: SIMD2<UInt64>.self)
            block.storeBytes(of: second, toByteOffset: 16, as: SIMD2<UInt64>.self)
            block.storeBytes(of: third, toByteOffset: 32, as: SIMD2<UInt64>.self)
            block.storeBytes(of: fourth, toByteOffset: 48, as: SIMD2<UInt64>.self)
            seen |= first | second | third | fourth
            index &+= 64
        }
        return seen[0] | seen[1]
    }

    /// Unmasks the byte at `index` (payload position `offset + index`) and returns it.
    @inline(__always)
    private static func unmaskByte(_ base: UnsafeMutableRawPointer, _ index: Int, _ key: UInt32, _ offset: Int) -> UInt8 {
        let byte = base.load(fromByteOffset: index, as: UInt8.self) ^ keyByte(key, offset &+ index)
        base.storeBytes(of: byte, toByteOffset: index, as: UInt8.self)
        return byte
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
