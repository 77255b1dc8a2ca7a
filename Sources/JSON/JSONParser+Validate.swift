// Validation without building: the same grammar and limits as parsing, no values allocated.

extension JSONParser {
    /// Checks `bytes` as one complete JSON text exactly as ``parse(_:limits:)`` would, but builds no
    /// value: what a writer needs to embed a payload verbatim (the frame log on its hot path).
    static func validate(_ bytes: UnsafeRawBufferPointer, limits: JSONLimits) throws(JSONParseError) {
        try over(bytes, limits: limits) { (parser: inout JSONParser) throws(JSONParseError) in
            var scratch: [UInt8] = []
            parser.skipWhitespace()
            try parser.skipValue(scratch: &scratch)
            parser.skipWhitespace()
            guard parser.index == parser.end else { throw parser.failure("unexpected data after the JSON value") }
        }
    }

    /// One value, checked and stepped over. `scratch` takes decoded escapes (checked, then dropped).
    private mutating func skipValue(scratch: inout [UInt8]) throws(JSONParseError) {
        guard index < end else { throw endOfInput() }
        switch base[index] {
        case JSONByte.openBrace: try skipObject(scratch: &scratch)
        case JSONByte.openBracket: try skipArray(scratch: &scratch)
        case JSONByte.quote: try skipString(scratch: &scratch)
        case JSONByte.minus, JSONByte.zero...JSONByte.nine: try skipNumber()
        case UInt8(ascii: "t"): try expectLiteral("true")
        case UInt8(ascii: "f"): try expectLiteral("false")
        case UInt8(ascii: "n"): try expectLiteral("null")
        default: throw failure("expected a value")
        }
    }

    private mutating func skipObject(scratch: inout [UInt8]) throws(JSONParseError) {
        try enterContainer()
        skipWhitespace()
        if index < end, base[index] == JSONByte.closeBrace { return leaveContainer(()) }
        while true {
            guard index < end else { throw endOfInput() }
            guard base[index] == JSONByte.quote else { throw failure("expected a string key") }
            try skipString(scratch: &scratch)
            skipWhitespace()
            guard index < end else { throw endOfInput() }
            guard base[index] == JSONByte.colon else { throw failure("expected ':' after object key") }
            index += 1
            skipWhitespace()
            try skipValue(scratch: &scratch)
            skipWhitespace()
            guard index < end else { throw endOfInput() }
            switch base[index] {
            case JSONByte.comma:
                index += 1
                skipWhitespace()
                if index < end, base[index] == JSONByte.closeBrace { throw failure("trailing comma in object") }
            case JSONByte.closeBrace:
                return leaveContainer(())
            default:
                throw failure("expected ',' or '}' after object member")
            }
        }
    }

    private mutating func skipArray(scratch: inout [UInt8]) throws(JSONParseError) {
        try enterContainer()
        skipWhitespace()
        if index < end, base[index] == JSONByte.closeBracket { return leaveContainer(()) }
        while true {
            try skipValue(scratch: &scratch)
            skipWhitespace()
            guard index < end else { throw endOfInput() }
            switch base[index] {
            case JSONByte.comma:
                index += 1
                skipWhitespace()
                if index < end, base[index] == JSONByte.closeBracket { throw failure("trailing comma in array") }
            case JSONByte.closeBracket:
                return leaveContainer(())
            default:
                throw failure("expected ',' or ']' after array element")
            }
        }
    }

    /// A string: plain runs are scanned eight bytes at a time; escapes are decoded into `scratch`
    /// only to be checked.
    private mutating func skipString(scratch: inout [UInt8]) throws(JSONParseError) {
        index += 1
        while true {
            try skipPlainRun()
            guard index < end else { throw endOfInput() }
            if base[index] == JSONByte.quote {
                index += 1
                return
            }
            scratch.removeAll(keepingCapacity: true)
            try appendEscape(to: &scratch)
        }
    }
}

extension JSONValue {
    /// Whether `bytes` is one complete JSON text that ``parse(_:limits:)`` would accept, found
    /// without building the value (no allocation for plain strings, numbers or containers).
    public static func isValid(_ bytes: UnsafeRawBufferPointer, limits: JSONLimits = .default) -> Bool {
        do {
            try JSONParser.validate(bytes, limits: limits)
            return true
        } catch {
            return false
        }
    }
}
