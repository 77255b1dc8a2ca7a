// The bytes of RFC 8259's grammar, and word-at-a-time tests for scanning string contents.

/// ASCII bytes the parser and the type peek dispatch on (RFC 8259 §2).
enum JSONByte {
    static let quote: UInt8 = 0x22  // "
    static let backslash: UInt8 = 0x5C  // \
    static let slash: UInt8 = 0x2F  // /
    static let comma: UInt8 = 0x2C  // ,
    static let colon: UInt8 = 0x3A  // :
    static let openBrace: UInt8 = 0x7B  // {
    static let closeBrace: UInt8 = 0x7D  // }
    static let openBracket: UInt8 = 0x5B  // [
    static let closeBracket: UInt8 = 0x5D  // ]
    static let minus: UInt8 = 0x2D  // -
    static let plus: UInt8 = 0x2B  // +
    static let dot: UInt8 = 0x2E  // .
    static let zero: UInt8 = 0x30  // 0
    static let nine: UInt8 = 0x39  // 9
    static let lowerE: UInt8 = 0x65  // e
    static let upperE: UInt8 = 0x45  // E
    static let lowerU: UInt8 = 0x75  // u

    /// RFC 8259 §2: the only insignificant whitespace is space, tab, line feed and carriage return.
    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool {
        byte &- zero < 10
    }

    /// The value of a hexadecimal digit (either case), or nil.
    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case 0x30...0x39: UInt32(byte &- 0x30)
        case 0x41...0x46: UInt32(byte &- 0x41 &+ 10)
        case 0x61...0x66: UInt32(byte &- 0x61 &+ 10)
        default: nil
        }
    }
}

/// Tests on eight bytes at once, so long runs of plain string contents (base64 audio, instructions)
/// are crossed a word at a time. Words are loaded little-endian, so byte `i` of the input is bits
/// `8i..<8i+8`.
///
/// Each mask has the high bit of a byte set where that byte qualifies. Borrows can also flag bytes
/// *after* a qualifying one, never before it, so the lowest set bit always marks the first
/// qualifying byte: `mask.trailingZeroBitCount / 8` is its index.
enum JSONWord {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Bytes equal to zero (the classic `(v - 0x01..) & ~v & 0x80..` test).
    @inline(__always)
    private static func zeroBytes(_ word: UInt64) -> UInt64 {
        (word &- ones) & ~word & highBits
    }

    /// Bytes equal to `"` or `\`: the only bytes that end a run while skipping a string.
    @inline(__always)
    static func quoteOrBackslash(_ word: UInt64) -> UInt64 {
        zeroBytes(word ^ (ones &* UInt64(JSONByte.quote))) | zeroBytes(word ^ (ones &* UInt64(JSONByte.backslash)))
    }

    /// Bytes the strict string scanner must look at: `"`, `\`, control characters (below 0x20) and
    /// non-ASCII bytes (UTF-8 sequences to validate). Every other byte is accepted as is.
    @inline(__always)
    static func special(_ word: UInt64) -> UInt64 {
        // (v - 0x20..) & ~v flags bytes below 0x20 among ASCII bytes; the high-bit term adds the rest.
        (word & highBits) | ((word &- ones &* 0x20) & ~word & highBits) | quoteOrBackslash(word)
    }

    /// Bytes the serializer must escape: `"`, `\\`, control characters, and E2, the lead byte of
    /// U+2028/U+2029 (and of other characters, which the caller tells apart). Other non-ASCII bytes
    /// are copied as they are.
    @inline(__always)
    static func escapable(_ word: UInt64) -> UInt64 {
        ((word &- ones &* 0x20) & ~word & highBits) | quoteOrBackslash(word) | zeroBytes(word ^ (ones &* 0xE2))
    }

    /// The next word of the `available` bytes at `pointer`, byte 0 in the low bits on every platform.
    /// With fewer than eight bytes left the word is padded with `A`, which no mask flags, so short
    /// strings and tails are tested the same way as long runs and nothing past the end is read.
    @inline(__always)
    static func load(_ pointer: UnsafePointer<UInt8>, available: Int) -> (word: UInt64, length: Int) {
        if available >= 8 {
            return (UInt64(littleEndian: UnsafeRawPointer(pointer).loadUnaligned(as: UInt64.self)), 8)
        }
        var word: UInt64 = 0x4141_4141_4141_4141
        withUnsafeMutableBytes(of: &word) { $0.baseAddress!.copyMemory(from: pointer, byteCount: available) }
        return (UInt64(littleEndian: word), available)
    }
}
