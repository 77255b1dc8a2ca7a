// The incremental UTF-8 validator against boundary cases, Autobahn 6.x-style sequences and the stdlib.

@testable import WebSocket
import Testing

/// A byte sequence and where the validator must stop (nil: valid and complete; `count`: valid but
/// truncated at the end).
struct UTF8Case: CustomTestStringConvertible, Sendable {
    let bytes: [UInt8]
    let firstInvalid: Int?
    var truncated: Bool { firstInvalid == bytes.count }
    var testDescription: String { bytes.map { String($0, radix: 16, uppercase: true) }.joined(separator: " ") }

    static func valid(_ bytes: [UInt8]) -> UTF8Case { UTF8Case(bytes: bytes, firstInvalid: nil) }
    static func invalid(_ bytes: [UInt8], at index: Int) -> UTF8Case { UTF8Case(bytes: bytes, firstInvalid: index) }
    static func truncated(_ bytes: [UInt8]) -> UTF8Case { UTF8Case(bytes: bytes, firstInvalid: bytes.count) }

    static let all: [UTF8Case] = [
        // Boundary code points of every length (Autobahn 6.7-6.11), surrogate neighbours, noncharacters (6.22).
        valid([]), valid([0x00]), valid([0x7F]), valid([0xC2, 0x80]), valid([0xDF, 0xBF]),
        valid([0xE0, 0xA0, 0x80]), valid([0xEF, 0xBF, 0xBF]), valid([0xED, 0x9F, 0xBF]), valid([0xEE, 0x80, 0x80]),
        valid([0xEF, 0xBF, 0xBD]), valid([0xF0, 0x90, 0x80, 0x80]), valid([0xF4, 0x8F, 0xBF, 0xBF]),
        valid([0xF3, 0xBF, 0xBF, 0xBF]), valid([0xEF, 0xBF, 0xBE]), valid([0xF0, 0x9F, 0xBF, 0xBE]),
        valid(utf8("κόσμε")), valid(utf8("Hello-µ@ßöäüàá-UTF-8!!")),
        // Past U+10FFFF (6.11.4, 6.11.5), and bytes that never appear (6.16).
        invalid([0xF4, 0x90, 0x80, 0x80], at: 1), invalid([0xF5, 0x80, 0x80, 0x80], at: 0),
        invalid([0xF7, 0xBF, 0xBF, 0xBF], at: 0), invalid([0xF8, 0x88, 0x80, 0x80, 0x80], at: 0),
        invalid([0xFC, 0x84, 0x80, 0x80, 0x80, 0x80], at: 0), invalid([0xFE], at: 0), invalid([0xFF], at: 0),
        invalid([0xFE, 0xFE, 0xFF, 0xFF], at: 0),
        // Stray continuation bytes (6.12).
        invalid([0x80], at: 0), invalid([0xBF], at: 0), invalid([0x61, 0x80, 0xBF], at: 1),
        // Lead bytes followed by something else (6.13, 6.14).
        invalid([0xC0, 0x20], at: 0), invalid([0xC2, 0x41], at: 1), invalid([0xE1, 0x80, 0x41], at: 2),
        invalid([0xF1, 0x80, 0x80, 0xC2], at: 3), invalid([0xE2, 0xC2, 0xA9], at: 1),
        // Overlong forms (6.17, 6.18).
        invalid([0xC0, 0xAF], at: 0), invalid([0xC0, 0x80], at: 0), invalid([0xC1, 0xBF], at: 0),
        invalid([0xE0, 0x80, 0xAF], at: 1), invalid([0xE0, 0x9F, 0xBF], at: 1),
        invalid([0xF0, 0x80, 0x80, 0xAF], at: 1), invalid([0xF0, 0x8F, 0xBF, 0xBF], at: 1),
        // Surrogates, single and paired (6.19-6.21).
        invalid([0xED, 0xA0, 0x80], at: 1), invalid([0xED, 0xAD, 0xBF], at: 1), invalid([0xED, 0xAE, 0x80], at: 1),
        invalid([0xED, 0xAF, 0xBF], at: 1), invalid([0xED, 0xB0, 0x80], at: 1), invalid([0xED, 0xBE, 0x80], at: 1),
        invalid([0xED, 0xBF, 0xBF], at: 1), invalid([0xED, 0xA0, 0x80, 0xED, 0xB0, 0x80], at: 1),
        // Autobahn 6.3.1: "κόσμε" then an invalid byte, then more text.
        invalid([0xCE, 0xBA, 0xE1, 0xBD, 0xB9, 0xCF, 0x83, 0xCE, 0xBC, 0xCE, 0xB5, 0xED, 0xA0, 0x80, 0x65, 0x64, 0x69, 0x74, 0x65, 0x64], at: 12),
        // Invalid byte after a long ASCII run (exercises the 8-byte fast path) and inside one.
        invalid(asciiText(37) + [0x80] + asciiText(20), at: 37), invalid(asciiText(16) + [0xFF], at: 16),
        // Truncated at the end (6.15).
        truncated([0xC2]), truncated([0xE0, 0xA0]), truncated([0xF0, 0x90, 0x80]), truncated([0x61, 0xF4]),
        truncated(asciiText(40) + [0xE2, 0x82]),
    ]
}

@Suite("UTF-8 validator")
struct UTF8ValidatorTests {
    static func check(_ pieces: [ArraySlice<UInt8>]) -> (firstInvalid: Int?, complete: Bool) {
        var validator = UTF8Validator()
        var offset = 0
        for piece in pieces {
            let failure = Array(piece).withUnsafeBytes { validator.firstInvalidIndex($0) }
            if let failure { return (offset + failure, false) }
            offset += piece.count
        }
        return (nil, validator.isComplete)
    }

    @Test("each case stops at its first invalid byte, whole or split anywhere", arguments: UTF8Case.all)
    func stopsAtTheFirstInvalidByte(_ example: UTF8Case) {
        let expected: (Int?, Bool) = example.truncated ? (nil, false) : (example.firstInvalid, example.firstInvalid == nil)
        let whole = Self.check([example.bytes[...]])
        #expect(whole.firstInvalid == expected.0 && whole.complete == expected.1)
        for cut in 0...example.bytes.count {
            let split = Self.check([example.bytes[..<cut], example.bytes[cut...]])
            #expect(split.firstInvalid == expected.0 && split.complete == expected.1, "cut at \(cut)")
        }
        let byteByByte = Self.check(example.bytes.indices.map { example.bytes[$0...$0] })
        #expect(byteByByte.firstInvalid == expected.0 && byteByByte.complete == expected.1)
    }

    @Test func everyScalarIsAcceptedAsWholeAndAsByteByByte() {
        var all: [UInt8] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            UTF8.encode(scalar) { all.append($0) }
        }
        #expect(Self.check([all[...]]) == (nil, true))
        #expect(Self.check(stride(from: 0, to: all.count, by: 7).map { all[$0..<min($0 + 7, all.count)] }) == (nil, true))
    }

    /// Whether `prefix` can begin some well-formed UTF-8 text: it either is valid or can be completed
    /// with at most three continuation bytes (80, 90 or A0 first covers every restricted range).
    static func isValidPrefix(_ prefix: [UInt8]) -> Bool {
        for extra in 0...3 {
            for first: UInt8 in [0x80, 0x90, 0xA0] {
                let completion = extra == 0 ? [] : [first] + [UInt8](repeating: 0x80, count: extra - 1)
                if String(validating: prefix + completion, as: UTF8.self) != nil { return true }
                if extra == 0 { break }
            }
        }
        return false
    }

    @Test func everyTwoByteSequenceMatchesTheStandardLibrary() {
        for first in UInt8.min...UInt8.max {
            let firstValid = Self.isValidPrefix([first])
            for second in UInt8.min...UInt8.max {
                let bytes = [first, second]
                let expectedInvalid: Int? = !firstValid ? 0 : Self.isValidPrefix(bytes) ? nil : 1
                let expectedComplete = expectedInvalid == nil && String(validating: bytes, as: UTF8.self) != nil
                let result = Self.check([bytes[...]])
                #expect(result.firstInvalid == expectedInvalid && result.complete == expectedComplete, "\(bytes)")
            }
        }
    }

    @Test func everyThreeByteSequenceWithAThreeByteLeadMatchesTheStandardLibrary() {
        var validator = UTF8Validator()
        var mismatches = 0
        var bytes: [UInt8] = [0, 0, 0]
        for first: UInt8 in 0xE0...0xEF {
            for second in UInt8.min...UInt8.max {
                for third in UInt8.min...UInt8.max {
                    bytes[0] = first; bytes[1] = second; bytes[2] = third
                    validator = UTF8Validator()
                    let ours = bytes.withUnsafeBytes { validator.validate($0) } && validator.isComplete
                    if ours != (String(validating: bytes, as: UTF8.self) != nil) { mismatches += 1 }
                }
            }
        }
        #expect(mismatches == 0)
    }

    /// The 64-byte ASCII block test must see a non-ASCII byte wherever it falls in a long run.
    @Test func nonASCIIIsFoundAtEveryOffsetOfALongASCIIRun() {
        let ascii = [UInt8](repeating: UInt8(ascii: "a"), count: 200)
        for offset in 0..<ascii.count {
            var invalid = ascii
            invalid[offset] = 0xFF
            var validator = UTF8Validator()
            #expect(invalid.withUnsafeBytes { validator.firstInvalidIndex($0) } == offset)
            var valid = ascii
            valid.replaceSubrange(offset..<offset + 1, with: [0xC2, 0xA9])  // ©
            var second = UTF8Validator()
            #expect(valid.withUnsafeBytes { second.validate($0) } && second.isComplete)
        }
    }

    @Test func validatorStaysFailedAfterAnInvalidByte() {
        var validator = UTF8Validator()
        #expect(![UInt8]([0xFF]).withUnsafeBytes { validator.validate($0) })
        #expect(![UInt8]([0x41]).withUnsafeBytes { validator.validate($0) })
        #expect(!validator.isComplete)
    }
}
