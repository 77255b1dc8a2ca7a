// String scanning: the no-escape fast path, escapes and surrogate pairs, and UTF-8 validation.

extension JSONParser {
    /// A string (RFC 8259 §7). `index` is at the opening quote; on return it is past the closing one.
    ///
    /// Contents without escapes, the common case, become a `String` straight from the input slice
    /// after a single validating scan. The first backslash switches to a copying decoder.
    mutating func parseString() throws(JSONParseError) -> String {
        index += 1
        let start = index
        try skipPlainRun()
        guard index < end else { throw endOfInput() }
        if base[index] == JSONByte.quote {
            let contents = UnsafeBufferPointer(start: base + start, count: index - start)
            index += 1
            return String(decoding: contents, as: UTF8.self)
        }
        return try parseEscapedString(from: start)
    }

    /// Continues a string whose plain prefix starts at `start`; `index` is at its first backslash.
    private mutating func parseEscapedString(from start: Int) throws(JSONParseError) -> String {
        var decoded: [UInt8] = []
        decoded.reserveCapacity(index - start + 16)
        decoded.append(contentsOf: UnsafeBufferPointer(start: base + start, count: index - start))
        while true {
            // `index` is at a quote or a backslash: skipPlainRun stops at nothing else.
            if base[index] == JSONByte.quote {
                index += 1
                return String(decoding: decoded, as: UTF8.self)
            }
            try appendEscape(to: &decoded)
            let runStart = index
            try skipPlainRun()
            decoded.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: index - runStart))
            guard index < end else { throw endOfInput() }
        }
    }

    /// Advances over string contents that need no decoding, validating as it goes, and stops at the
    /// next `"` or `\` (or the end of input). Control characters must be escaped (RFC 8259 §7).
    mutating func skipPlainRun() throws(JSONParseError) {
        while index < end {
            // Eight bytes at a time, jumping straight to the first one that needs a look: base64
            // audio and prose are mostly printable ASCII.
            let (word, length) = JSONWord.load(base + index, available: end - index)
            let special = JSONWord.special(word)
            if special == 0 {
                index += length
                continue
            }
            index += special.trailingZeroBitCount >> 3
            let byte = base[index]
            if byte == JSONByte.quote || byte == JSONByte.backslash { return }
            if byte < 0x20 { throw failure("control character in string must be escaped") }
            try skipUTF8Sequence()
        }
    }

    /// Checks the multi-byte UTF-8 sequence whose lead byte is at `index` (RFC 3629 §4) and steps past
    /// it. Overlong forms, surrogates (ED A0-BF) and code points past U+10FFFF are refused at the
    /// first byte that rules them out.
    private mutating func skipUTF8Sequence() throws(JSONParseError) {
        let lead = base[index]
        var lower: UInt8 = 0x80
        var upper: UInt8 = 0xBF
        let continuationCount: Int
        switch lead {
        case 0xC2...0xDF: continuationCount = 1
        case 0xE0: continuationCount = 2; lower = 0xA0  // E0 80-9F would be overlong
        case 0xE1...0xEC, 0xEE...0xEF: continuationCount = 2
        case 0xED: continuationCount = 2; upper = 0x9F  // ED A0-BF would encode a surrogate
        case 0xF0: continuationCount = 3; lower = 0x90  // F0 80-8F would be overlong
        case 0xF1...0xF3: continuationCount = 3
        case 0xF4: continuationCount = 3; upper = 0x8F  // F4 90- would be past U+10FFFF
        default: throw failure("invalid UTF-8")  // stray continuation byte, C0/C1, F5-FF
        }
        for offset in 1...continuationCount {
            let position = index + offset
            // A sequence cut by the end of input is an unterminated string, not bad UTF-8.
            guard position < end else { throw endOfInput() }
            let byte = base[position]
            guard byte >= lower, byte <= upper else {
                throw JSONParseError(offset: position, reason: "invalid UTF-8")
            }
            lower = 0x80
            upper = 0xBF
        }
        index += continuationCount + 1
    }

    /// Decodes the escape at `index` (a backslash) into `decoded` (RFC 8259 §7).
    mutating func appendEscape(to decoded: inout [UInt8]) throws(JSONParseError) {
        let escapeStart = index
        index += 1
        guard index < end else { throw endOfInput() }
        let replacement: UInt8
        switch base[index] {
        case JSONByte.quote: replacement = JSONByte.quote
        case JSONByte.backslash: replacement = JSONByte.backslash
        case JSONByte.slash: replacement = JSONByte.slash
        case UInt8(ascii: "b"): replacement = 0x08
        case UInt8(ascii: "f"): replacement = 0x0C
        case UInt8(ascii: "n"): replacement = 0x0A
        case UInt8(ascii: "r"): replacement = 0x0D
        case UInt8(ascii: "t"): replacement = 0x09
        case JSONByte.lowerU:
            index += 1
            let scalar = try parseUnicodeEscape(startingAt: escapeStart)
            appendUTF8(scalar, to: &decoded)
            return
        default:
            throw failure("invalid escape sequence")
        }
        decoded.append(replacement)
        index += 1
    }

    /// The scalar of a `\uXXXX` escape, or of a `\uD8xx\uDCxx` surrogate pair. `index` is past the
    /// first `\u`; `escapeStart` (its backslash) is where an unpaired surrogate is reported.
    private mutating func parseUnicodeEscape(startingAt escapeStart: Int) throws(JSONParseError) -> UInt32 {
        let unit = try parseHex4()
        switch unit {
        case 0xDC00...0xDFFF:
            throw JSONParseError(offset: escapeStart, reason: "unpaired low surrogate in \\u escape")
        case 0xD800...0xDBFF:
            // A high surrogate must be followed at once by an escaped low one (RFC 8259 §7).
            guard index < end else { throw endOfInput() }
            guard base[index] == JSONByte.backslash else {
                throw JSONParseError(offset: escapeStart, reason: "unpaired high surrogate in \\u escape")
            }
            guard index + 1 < end else { throw endOfInput() }
            guard base[index + 1] == JSONByte.lowerU else {
                throw JSONParseError(offset: escapeStart, reason: "unpaired high surrogate in \\u escape")
            }
            index += 2
            let low = try parseHex4()
            guard (0xDC00...0xDFFF).contains(low) else {
                throw JSONParseError(offset: escapeStart, reason: "unpaired high surrogate in \\u escape")
            }
            return 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
        default:
            return unit
        }
    }

    /// Four hex digits, either case.
    private mutating func parseHex4() throws(JSONParseError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < end else { throw endOfInput() }
            guard let digit = JSONByte.hexValue(base[index]) else {
                throw failure("expected 4 hex digits after \\u")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    /// Appends `scalar` (never a surrogate here) as UTF-8.
    private func appendUTF8(_ scalar: UInt32, to decoded: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            decoded.append(UInt8(scalar))
        case 0x80..<0x800:
            decoded.append(UInt8(0xC0 | scalar >> 6))
            decoded.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            decoded.append(UInt8(0xE0 | scalar >> 12))
            decoded.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            decoded.append(UInt8(0x80 | scalar & 0x3F))
        default:
            decoded.append(UInt8(0xF0 | scalar >> 18))
            decoded.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            decoded.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            decoded.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
