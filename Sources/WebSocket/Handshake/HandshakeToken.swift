// Token and field-value byte classes (RFC 9110 §5.5, §5.6.2) for the handshake's own header checks.

/// The byte classes the handshake needs while reading and writing header fields.
enum HandshakeToken {
    /// tchar (RFC 9110 §5.6.2): "!#$%&'*+-.^_`|~", DIGIT, ALPHA.
    static func isTchar(_ b: UInt8) -> Bool {
        switch b {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
        case 0x21, 0x23, 0x24, 0x25, 0x26, 0x27, 0x2A, 0x2B, 0x2D, 0x2E, 0x5E, 0x5F, 0x60, 0x7C, 0x7E: true
        default: false
        }
    }

    /// Whether `text` is a non-empty token.
    static func isToken(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy(isTchar)
    }

    /// Whether `text` may be sent as a field value (RFC 9110 §5.5): VCHAR, obs-text, SP and HTAB only,
    /// so no CR, LF or NUL can split the head, and no leading or trailing whitespace.
    static func isFieldValue(_ text: String) -> Bool {
        let bytes = text.utf8
        if let first = bytes.first, first == 0x20 || first == 0x09 { return false }
        if let last = bytes.last, last == 0x20 || last == 0x09 { return false }
        return bytes.allSatisfy { ($0 >= 0x20 && $0 != 0x7F) || $0 == 0x09 }
    }

    /// The comma-separated elements of every value, OWS-trimmed, empty ones dropped (RFC 9110 §5.6.1).
    static func listElements(_ values: [String]) -> [String] {
        var elements: [String] = []
        for value in values {
            for piece in value.utf8.split(separator: 0x2C, omittingEmptySubsequences: false) {
                let trimmed = piece.drop { $0 == 0x20 || $0 == 0x09 }.reversed().drop { $0 == 0x20 || $0 == 0x09 }
                if !trimmed.isEmpty { elements.append(String(decoding: trimmed.reversed(), as: UTF8.self)) }
            }
        }
        return elements
    }

    /// ASCII case-insensitive equality.
    static func equalsIgnoringCase(_ a: String, _ b: String) -> Bool {
        a.utf8.elementsEqual(b.utf8) { lowercased($0) == lowercased($1) }
    }

    private static func lowercased(_ b: UInt8) -> UInt8 { b &- 0x41 < 26 ? b | 0x20 : b }
}
