// Writes a Swift string as a quoted JSON string, escaping only what must (or should) be escaped.

/// String escaping for the serializer (RFC 8259 §7).
enum JSONStringEscaping {
    /// Appends `string` in quotes. Runs of characters that need no escape are copied in one go.
    static func append(_ string: String, to buffer: inout JSONOutput) {
        buffer.append(JSONByte.quote)
        var string = string
        string.withUTF8 { utf8 in
            guard let base = utf8.baseAddress else { return }
            let count = utf8.count
            var runStart = 0
            var index = 0
            while index < count {
                let (word, wordLength) = JSONWord.load(base + index, available: count - index)
                let escapable = JSONWord.escapable(word)
                if escapable == 0 {
                    index += wordLength
                    continue
                }
                index += escapable.trailingZeroBitCount >> 3
                let byte = base[index]
                let length: Int
                if byte != 0xE2 {
                    length = 1
                } else if index + 2 < count, base[index + 1] == 0x80,
                    base[index + 2] == 0xA8 || base[index + 2] == 0xA9
                {
                    // U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR: legal in JSON, but line
                    // terminators in JavaScript, so escaping keeps the output safe to embed in a script.
                    length = 3
                } else {
                    index += 1  // another character starting with E2 (such as an em dash): as is
                    continue
                }
                buffer.append(UnsafeBufferPointer(start: base + runStart, count: index - runStart))
                appendEscape(for: byte, lastByte: base[index + length - 1], to: &buffer)
                index += length
                runStart = index
            }
            buffer.append(UnsafeBufferPointer(start: base + runStart, count: count - runStart))
        }
        buffer.append(JSONByte.quote)
    }

    /// The escape for ASCII `byte`, or for U+2028/U+2029 when `byte` is their lead byte E2.
    private static func appendEscape(for byte: UInt8, lastByte: UInt8, to buffer: inout JSONOutput) {
        buffer.append(JSONByte.backslash)
        switch byte {
        case JSONByte.quote: buffer.append(JSONByte.quote)
        case JSONByte.backslash: buffer.append(JSONByte.backslash)
        case 0x08: buffer.append(UInt8(ascii: "b"))
        case 0x09: buffer.append(UInt8(ascii: "t"))
        case 0x0A: buffer.append(UInt8(ascii: "n"))
        case 0x0C: buffer.append(UInt8(ascii: "f"))
        case 0x0D: buffer.append(UInt8(ascii: "r"))
        case 0xE2: buffer.append(lastByte == 0xA8 ? "u2028" : "u2029")
        default:
            // Other control characters: \u00xx, lowercase hex.
            let hexDigits: StaticString = "0123456789abcdef"
            let digits = hexDigits.utf8Start
            buffer.append("u00")
            buffer.append(digits[Int(byte >> 4)])
            buffer.append(digits[Int(byte & 0x0F)])
        }
    }
}
