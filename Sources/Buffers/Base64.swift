// Base64 (RFC 4648 §4) for payloads: audio in realtime events, binary frames in the frame log.

/// Standard base64 with padding when encoding; decoding also takes the URL-safe alphabet (§5) and
/// missing padding, as senders of audio vary. (The WebSocket handshake keeps its own strict decoder:
/// a key must be canonical there.)
public enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Maps an ASCII byte to its 6-bit value; 0xFF for bytes outside both alphabets.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(index) }
        table[Int(UInt8(ascii: "-"))] = 62
        table[Int(UInt8(ascii: "_"))] = 63
        return table
    }()

    /// Appends the base64 of `source` to `output`, in place (one growth, no intermediate string).
    public static func append(_ source: UnsafeRawBufferPointer, to output: inout [UInt8]) {
        let count = source.count
        guard count > 0 else { return }
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: (count + 2) / 3 * 4))
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

    public static func encode(_ bytes: UnsafeRawBufferPointer) -> String {
        var output: [UInt8] = []
        append(bytes, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    public static func encode(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { encode($0) }
    }

    /// The decoded bytes; nil when a byte is outside the alphabets, `=` is not only at the end, or the
    /// length is one no encoding produces.
    public static func decode(_ text: String) -> [UInt8]? {
        var text = text
        return text.withUTF8 { decode(UnsafeRawBufferPointer($0)) }
    }

    public static func decode(_ input: UnsafeRawBufferPointer) -> [UInt8]? {
        var end = input.count
        while end > 0 && input[end - 1] == UInt8(ascii: "=") { end -= 1 }
        guard input.count - end <= 2, end % 4 != 1 else { return nil }
        var output = [UInt8]()
        output.reserveCapacity(end / 4 * 3 + 2)
        var accumulator: UInt32 = 0
        var bits = 0
        for index in 0..<end {
            let value = values[Int(input[index])]
            guard value != 0xFF else { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        return output
    }

    /// The number of bytes `text` decodes to, counted without decoding (padding not counted; a
    /// malformed tail counts whole bytes only).
    public static func decodedCount(of text: String) -> Int {
        var utf8 = text.utf8[...]
        var padding = 0
        while padding < 2, utf8.last == UInt8(ascii: "=") {
            utf8 = utf8.dropLast()
            padding += 1
        }
        return utf8.count * 3 / 4
    }
}
