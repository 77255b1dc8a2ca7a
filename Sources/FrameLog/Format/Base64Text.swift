// Base64 (RFC 4648, standard alphabet, padded) for binary payloads, and the decoded size of audio strings.

/// The encoding the log uses for bytes that are not text: `"encoding": "base64"`.
enum Base64Text {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Appends the base64 of `source` to `output`.
    static func append(_ source: UnsafeRawBufferPointer, to output: inout [UInt8]) {
        let count = source.count
        guard count > 0 else { return }
        let encodedCount = (count + 2) / 3 * 4
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: encodedCount))
        output.withUnsafeMutableBufferPointer { buffer in
            alphabet.withUnsafeBufferPointer { table in
                var out = start
                var index = 0
                while index + 3 <= count {
                    let value = UInt32(source[index]) << 16 | UInt32(source[index + 1]) << 8 | UInt32(source[index + 2])
                    buffer[out] = table[Int(value >> 18)]
                    buffer[out + 1] = table[Int(value >> 12 & 63)]
                    buffer[out + 2] = table[Int(value >> 6 & 63)]
                    buffer[out + 3] = table[Int(value & 63)]
                    index += 3
                    out += 4
                }
                let rest = count - index
                if rest > 0 {
                    let second = rest == 2 ? UInt32(source[index + 1]) : 0
                    let value = UInt32(source[index]) << 16 | second << 8
                    buffer[out] = table[Int(value >> 18)]
                    buffer[out + 1] = table[Int(value >> 12 & 63)]
                    buffer[out + 2] = rest == 2 ? table[Int(value >> 6 & 63)] : UInt8(ascii: "=")
                    buffer[out + 3] = UInt8(ascii: "=")
                }
            }
        }
    }

    /// The number of bytes `text` decodes to, counted without decoding: what an omitted or truncated
    /// audio string held. Padding is not counted; a malformed tail counts whole bytes only.
    static func decodedCount(of text: String) -> Int {
        var utf8 = text.utf8[...]
        var padding = 0
        while padding < 2, utf8.last == UInt8(ascii: "=") {
            utf8 = utf8.dropLast()
            padding += 1
        }
        return utf8.count * 3 / 4
    }
}
