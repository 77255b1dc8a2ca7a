// Number literals: the RFC 8259 §6 grammar, kept as text so they round-trip byte for byte.

extension JSONParser {
    /// A number (RFC 8259 §6): `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, returned as
    /// written. No range is imposed: `1e400` and 30-digit integers are valid JSON and are kept whole.
    mutating func parseNumber() throws(JSONParseError) -> String {
        let start = index
        try skipNumber()
        return String(decoding: UnsafeBufferPointer(start: base + start, count: index - start), as: UTF8.self)
    }

    /// Steps over a number literal without building anything; `index` is at its first byte.
    mutating func skipNumber() throws(JSONParseError) {
        if base[index] == JSONByte.minus { index += 1 }
        guard index < end else { throw endOfInput() }
        if base[index] == JSONByte.zero {
            index += 1
            if index < end, JSONByte.isDigit(base[index]) { throw failure("leading zeros are not allowed") }
        } else if JSONByte.isDigit(base[index]) {
            skipDigits()
        } else {
            throw failure("expected a digit")
        }
        if index < end, base[index] == JSONByte.dot {
            index += 1
            try expectDigits(after: "expected a digit after '.'")
        }
        if index < end, base[index] == JSONByte.lowerE || base[index] == JSONByte.upperE {
            index += 1
            if index < end, base[index] == JSONByte.plus || base[index] == JSONByte.minus { index += 1 }
            try expectDigits(after: "expected a digit in exponent")
        }
    }

    /// One or more digits.
    private mutating func expectDigits(after reason: String) throws(JSONParseError) {
        guard index < end else { throw endOfInput() }
        guard JSONByte.isDigit(base[index]) else { throw failure(reason) }
        skipDigits()
    }

    private mutating func skipDigits() {
        while index < end, JSONByte.isDigit(base[index]) { index += 1 }
    }

    /// True when `literal` is exactly one RFC 8259 number, as the serializer requires of `.number`.
    static func isValidNumberLiteral(_ literal: String) -> Bool {
        var literal = literal
        return literal.withUTF8 { utf8 in
            guard let base = utf8.baseAddress, !utf8.isEmpty else { return false }
            var parser = JSONParser(base: base, count: utf8.count)
            switch base[0] {
            case JSONByte.minus, JSONByte.zero...JSONByte.nine:
                do {
                    try parser.skipNumber()
                } catch {
                    return false
                }
                return parser.index == parser.end
            default:
                return false
            }
        }
    }
}
