// Vector- and word-at-a-time masking equals the bytewise definition of RFC 6455 §5.3 for every length and offset.

@testable import WebSocket
import Testing

@Suite("Masking")
struct MaskingTests {
    static let key: UInt32 = 0x37FA_213D
    static let keyBytes: [UInt8] = [0x37, 0xFA, 0x21, 0x3D]

    static func reference(_ bytes: [UInt8], offset: Int) -> [UInt8] {
        bytes.enumerated().map { $0.element ^ keyBytes[($0.offset + offset) % 4] }
    }

    @Test("unmasking in place equals bytewise XOR", arguments: 0...7)
    func unmaskingInPlaceEqualsBytewiseXOR(offset: Int) {
        for length in 0...200 {  // past several 64-byte blocks, with every remainder
            // Also shift the start address, so every alignment of the first byte is covered.
            for shift in 0..<8 {
                let original = pattern(length, seed: shift)
                var storage = [UInt8](repeating: 0xEE, count: length + 16)
                storage.replaceSubrange(shift..<(shift + length), with: original)
                storage.withUnsafeMutableBytes {
                    _ = Masking.unmask(UnsafeMutableRawBufferPointer(rebasing: $0[shift..<(shift + length)]), key: Self.key, offset: offset)
                }
                #expect(Array(storage[shift..<(shift + length)]) == Self.reference(original, offset: offset), "length \(length) shift \(shift)")
                #expect(storage[..<shift].allSatisfy { $0 == 0xEE } && storage[(shift + length)...].allSatisfy { $0 == 0xEE })
            }
        }
    }

    @Test func unmaskingReportsWhetherEveryUnmaskedByteIsASCII() {
        for length in 0...200 {
            for nonASCIIAt in [nil] + Array(stride(from: 0, to: length, by: 5)) {
                var plain = [UInt8](repeating: UInt8(ascii: "A"), count: length)
                if let nonASCIIAt { plain[nonASCIIAt] = 0xC3 }
                var bytes = Self.reference(plain, offset: 1)  // masked, so unmasking gives `plain`
                let isASCII = bytes.withUnsafeMutableBytes { Masking.unmask($0, key: Self.key, offset: 1) }
                #expect(bytes == plain)
                #expect(isASCII == (nonASCIIAt == nil), "length \(length), non-ASCII at \(String(describing: nonASCIIAt))")
            }
        }
    }

    @Test func unmaskingInPiecesEqualsUnmaskingAtOnce() {
        let original = pattern(100)
        for cut in 0...100 {
            var bytes = original
            bytes.withUnsafeMutableBytes { buffer in
                Masking.unmask(UnsafeMutableRawBufferPointer(rebasing: buffer[..<cut]), key: Self.key, offset: 0)
                Masking.unmask(UnsafeMutableRawBufferPointer(rebasing: buffer[cut...]), key: Self.key, offset: cut)
            }
            #expect(bytes == Self.reference(original, offset: 0), "cut at \(cut)")
        }
    }

    @Test func maskedCopyEqualsBytewiseXOR() {
        for length in 0...64 {
            for shift in 0..<8 {
                let source = pattern(length, seed: length)
                var destination = [UInt8](repeating: 0xEE, count: length + 16)
                source.withUnsafeBytes { from in
                    destination.withUnsafeMutableBytes {
                        Masking.copy(from: from, to: UnsafeMutableRawBufferPointer(rebasing: $0[shift...]), key: Self.key)
                    }
                }
                #expect(Array(destination[shift..<(shift + length)]) == Self.reference(source, offset: 0), "length \(length) shift \(shift)")
                #expect(destination[(shift + length)...].allSatisfy { $0 == 0xEE })
            }
        }
    }

    @Test func maskingTwiceRestoresThePayload() {
        let original = pattern(1000)
        var bytes = original
        bytes.withUnsafeMutableBytes {
            Masking.unmask($0, key: 0xDEAD_BEEF, offset: 3)
            Masking.unmask($0, key: 0xDEAD_BEEF, offset: 3)
        }
        #expect(bytes == original)
    }
}
