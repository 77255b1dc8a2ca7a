// 32-byte tests with SSE-width vectors, for crossing long string values (base64 audio) quickly.

/// Tests on 32 bytes at once, two 16-byte vectors, for the runs of plain string contents that
/// dominate realtime events (tens of kilobytes of base64 per audio frame). They only say whether a
/// block holds a byte of interest; ``JSONWord`` then finds which one. `SIMD16<UInt8>` comparisons
/// and `any` lower to `pcmpeqb`/`pmovmskb` (SSE2) and NEON alike, about half an instruction per byte
/// where the word-at-a-time test takes three.
enum JSONBlock {
    static let size = 32

    /// Whether any of the 32 bytes at `pointer` is `"` or `\` (the bytes that stop a string skip).
    @inline(__always)
    static func hasQuoteOrBackslash(_ pointer: UnsafeRawPointer) -> Bool {
        let quote = SIMD16<UInt8>(repeating: JSONByte.quote)
        let backslash = SIMD16<UInt8>(repeating: JSONByte.backslash)
        let low = pointer.loadUnaligned(as: SIMD16<UInt8>.self)
        let high = pointer.loadUnaligned(fromByteOffset: 16, as: SIMD16<UInt8>.self)
        return any((low .== quote) .| (low .== backslash) .| (high .== quote) .| (high .== backslash))
    }
}
