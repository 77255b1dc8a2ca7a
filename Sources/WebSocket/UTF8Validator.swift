// Incremental, fail-fast UTF-8 validation that resumes across chunk boundaries (RFC 3629, RFC 6455 §8.1).

/// Validates UTF-8 fed in any number of pieces, stopping at the first byte that can no longer begin
/// or continue a well-formed sequence (RFC 3629 §4): overlong forms (`C0`, `C1`, `E0 80`-`E0 9F`,
/// `F0 80`-`F0 8F`), surrogates (`ED A0`-`ED BF`), code points past U+10FFFF (`F4 90` and up,
/// `F5`-`FF`), stray or missing continuation bytes. A sequence cut by a piece boundary is carried
/// over; one still open at the end of the message fails ``isComplete``.
///
/// ASCII runs are checked 64 bytes at a time, then 8.
struct UTF8Validator {
    /// Continuation bytes still expected in the current sequence.
    private var pending: UInt8 = 0
    /// The range the next continuation byte must fall in (narrower than 80...BF right after E0, ED,
    /// F0 and F4, which is how overlongs, surrogates and > U+10FFFF are refused at their first byte).
    private var lower: UInt8 = 0x80
    private var upper: UInt8 = 0xBF
    private var failed = false

    init() {}

    /// True when every byte so far was valid and no sequence is left open: the text may end here.
    var isComplete: Bool { pending == 0 && !failed }

    /// Checks the next piece. Returns false at the first invalid byte (and from then on).
    mutating func validate(_ bytes: UnsafeRawBufferPointer) -> Bool {
        firstInvalidIndex(bytes) == nil
    }

    /// Checks the next piece; returns the index of its first invalid byte, or nil when all are valid
    /// (possibly ending inside a sequence). After a failure every later call fails at index 0.
    mutating func firstInvalidIndex(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard !failed else { return 0 }
        guard let base = bytes.baseAddress else { return nil }
        let count = bytes.count
        var index = 0
        while index < count {
            if pending == 0 {
                // Fast path: whole 64-byte blocks of ASCII (base64 audio, JSON), then whole words.
                while count &- index >= 64, Self.isASCII64(base + index) { index &+= 64 }
                while count &- index >= 8,
                      base.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    index &+= 8
                }
                guard index < count else { break }
                let byte = base.load(fromByteOffset: index, as: UInt8.self)
                index &+= 1
                if byte < 0x80 { continue }
                guard begin(byte) else {
                    failed = true
                    return index &- 1
                }
            } else {
                let byte = base.load(fromByteOffset: index, as: UInt8.self)
                guard byte >= lower, byte <= upper else {
                    failed = true
                    return index
                }
                index &+= 1
                pending &-= 1
                lower = 0x80
                upper = 0xBF
            }
        }
        return nil
    }

    /// Whether the 64 bytes at `pointer` are all ASCII: four 16-byte vectors ORed, then one test of
    /// their high bits (about 15 instructions per block where the word loop takes 40).
    @inline(__always)
    private static func isASCII64(_ pointer: UnsafeRawPointer) -> Bool {
        let any = pointer.loadUnaligned(as: SIMD2<UInt64>.self)
            | pointer.loadUnaligned(fromByteOffset: 16, as: SIMD2<UInt64>.self)
            | pointer.loadUnaligned(fromByteOffset: 32, as: SIMD2<UInt64>.self)
            | pointer.loadUnaligned(fromByteOffset: 48, as: SIMD2<UInt64>.self)
        return (any[0] | any[1]) & 0x8080_8080_8080_8080 == 0
    }

    /// Starts a multi-byte sequence at lead byte `byte` (>= 0x80); false when it cannot lead one.
    private mutating func begin(_ byte: UInt8) -> Bool {
        switch byte {
        case 0xC2...0xDF: pending = 1
        case 0xE0: pending = 2; lower = 0xA0  // E0 80..9F would be overlong
        case 0xE1...0xEC, 0xEE...0xEF: pending = 2
        case 0xED: pending = 2; upper = 0x9F  // ED A0..BF would be a surrogate (D800-DFFF)
        case 0xF0: pending = 3; lower = 0x90  // F0 80..8F would be overlong
        case 0xF1...0xF3: pending = 3
        case 0xF4: pending = 3; upper = 0x8F  // F4 90.. would be past U+10FFFF
        default: return false  // 80-BF stray continuation, C0-C1 overlong, F5-FF out of range
        }
        return true
    }
}
