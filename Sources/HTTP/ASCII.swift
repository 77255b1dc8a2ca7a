// Byte classes and comparisons for the HTTP grammar, as branch-light bit tests (no tables, no allocation).

/// Byte constants and character classes of RFC 9110 §5.6 and RFC 3986 used while scanning raw bytes.
enum ASCII {
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let sp: UInt8 = 0x20
    static let htab: UInt8 = 0x09
    static let colon: UInt8 = 0x3A
    static let semicolon: UInt8 = 0x3B
    static let comma: UInt8 = 0x2C
    static let equals: UInt8 = 0x3D
    static let quote: UInt8 = 0x22
    static let backslash: UInt8 = 0x5C
    static let slash: UInt8 = 0x2F
    static let question: UInt8 = 0x3F
    static let asterisk: UInt8 = 0x2A
    static let percent: UInt8 = 0x25
    static let hash: UInt8 = 0x23
    static let openBracket: UInt8 = 0x5B
    static let closeBracket: UInt8 = 0x5D

    /// Tests bit `b` of a 128-bit set given as two 64-bit halves; bytes >= 0x80 are never members.
    @inline(__always)
    private static func member(_ b: UInt8, low: UInt64, high: UInt64) -> Bool {
        // Branch-free: pick the half, shift the byte's bit down, and mask it off when b >= 0x80.
        let half = b & 0x40 == 0 ? low : high
        return (half >> UInt64(b & 0x3F)) & UInt64(~b >> 7) != 0
    }

    /// tchar (RFC 9110 §5.6.2): "!#$%&'*+-.^_`|~", DIGIT, ALPHA.
    @inline(__always)
    static func isTchar(_ b: UInt8) -> Bool {
        member(b, low: 0x03FF_6CFA_0000_0000, high: 0x57FF_FFFF_C7FF_FFFE)
    }

    /// reg-name characters (RFC 3986 §3.2.2): unreserved and sub-delims; '%' is handled separately.
    @inline(__always)
    static func isRegNameChar(_ b: UInt8) -> Bool {
        member(b, low: 0x2BFF_7FD2_0000_0000, high: 0x47FF_FFFE_87FF_FFFE)
    }

    /// A byte allowed in a field value (RFC 9110 §5.5): VCHAR, obs-text, SP, HTAB.
    @inline(__always)
    static func isFieldValueByte(_ b: UInt8) -> Bool {
        (b >= 0x20 && b != 0x7F) || b == htab
    }

    /// A byte allowed in a request-target: visible ASCII except '#', which starts a fragment and never
    /// belongs to a request-target (RFC 9112 §3.2, RFC 3986 §3.5). CTL, SP, DEL and bytes >= 0x80 are excluded.
    @inline(__always)
    static func isTargetByte(_ b: UInt8) -> Bool {
        b >= 0x21 && b <= 0x7E && b != hash
    }

    /// OWS: SP or HTAB (RFC 9110 §5.6.3).
    @inline(__always)
    static func isWhitespace(_ b: UInt8) -> Bool { b == sp || b == htab }

    @inline(__always)
    static func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }

    /// The value of a HEXDIG (either case), or nil.
    @inline(__always)
    static func hexValue(_ b: UInt8) -> Int? {
        if b &- 0x30 < 10 { return Int(b &- 0x30) }
        let folded = b | 0x20
        if folded &- 0x61 < 6 { return Int(folded &- 0x61 &+ 10) }
        return nil
    }

    /// ASCII lower-casing; other bytes are unchanged.
    @inline(__always)
    static func lowercased(_ b: UInt8) -> UInt8 { b &- 0x41 < 26 ? b | 0x20 : b }

    /// Whether `p[range]` equals `lowercaseLiteral` ignoring ASCII case.
    @inline(__always)
    static func equalsIgnoringCase(_ p: UnsafeRawBufferPointer, _ range: Range<Int>, _ lowercaseLiteral: StaticString) -> Bool {
        guard range.count == lowercaseLiteral.utf8CodeUnitCount else { return false }
        let l = lowercaseLiteral.utf8Start
        var i = 0
        while i < range.count {
            if lowercased(p[range.lowerBound &+ i]) != l[i] { return false }
            i &+= 1
        }
        return true
    }

    /// Whether `a[ra]` equals `b[rb]` ignoring ASCII case.
    @inline(__always)
    static func equalsIgnoringCase(
        _ a: UnsafeRawBufferPointer, _ ra: Range<Int>, _ b: UnsafeRawBufferPointer, _ rb: Range<Int>
    ) -> Bool {
        guard ra.count == rb.count else { return false }
        var i = 0
        while i < ra.count {
            if lowercased(a[ra.lowerBound &+ i]) != lowercased(b[rb.lowerBound &+ i]) { return false }
            i &+= 1
        }
        return true
    }
}

/// Syntax checks for code that builds messages (clients): the same byte classes the parsers use.
public enum HTTPSyntax {
    /// A token (RFC 9110 §5.6.2): a method or a field name.
    public static func isToken(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy(ASCII.isTchar)
    }

    /// A field value without CR, LF, NUL or other controls (RFC 9110 §5.5), so it cannot end its line.
    public static func isFieldValue(_ text: String) -> Bool {
        text.utf8.allSatisfy(ASCII.isFieldValueByte)
    }
}
