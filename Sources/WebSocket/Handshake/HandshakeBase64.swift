// Base64 (RFC 4648 §4) for the handshake: OpenSSL's encoder, and a strict decoder for Sec-WebSocket-Key.

import COpenSSL

/// The base64 the opening handshake needs: encoding keys and accept values, and checking that a
/// received `Sec-WebSocket-Key` is base64 at all (RFC 6455 §4.1, §11.3.1).
enum HandshakeBase64 {
    /// Standard base64 with padding, by `EVP_EncodeBlock` (no line breaks).
    static func encode(_ bytes: [UInt8]) -> String {
        var output = [UInt8](repeating: 0, count: (bytes.count + 2) / 3 * 4 + 1)
        let length = bytes.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { EVP_EncodeBlock($0.baseAddress, source.baseAddress, Int32(source.count)) }
        }
        return String(decoding: output[..<Int(length)], as: UTF8.self)
    }

    /// Decodes canonical padded base64 (RFC 4648 §4, §3.5): a length that is a multiple of 4, only the
    /// alphabet and up to two trailing `=`, and zero bits where padding leaves a partial byte. Anything
    /// else (whitespace, URL-safe letters, missing padding) is nil.
    static func decodeCanonical(_ text: String) -> [UInt8]? {
        let input = Array(text.utf8)
        guard input.count % 4 == 0 else { return nil }
        var padding = 0
        if input.last == 0x3D { padding = input.dropLast().last == 0x3D ? 2 : 1 }
        var output: [UInt8] = []
        output.reserveCapacity(input.count / 4 * 3)
        var accumulator: UInt32 = 0
        for (index, byte) in input.enumerated() {
            let value: UInt32
            if index >= input.count - padding {
                value = 0
            } else if let sextet = sextet(byte) {
                value = sextet
            } else {
                return nil
            }
            accumulator = accumulator << 6 | value
            if index % 4 == 3 {
                output.append(UInt8(truncatingIfNeeded: accumulator >> 16))
                output.append(UInt8(truncatingIfNeeded: accumulator >> 8))
                output.append(UInt8(truncatingIfNeeded: accumulator))
                accumulator = 0
            }
        }
        guard padding > 0 else { return output }
        // The bits the padding cut off must be zero, or another string would decode the same.
        let tail = output.suffix(padding)
        guard tail.allSatisfy({ $0 == 0 }) else { return nil }
        output.removeLast(padding)
        return output
    }

    private static func sextet(_ byte: UInt8) -> UInt32? {
        switch byte {
        case 0x41...0x5A: UInt32(byte - 0x41)
        case 0x61...0x7A: UInt32(byte - 0x61 + 26)
        case 0x30...0x39: UInt32(byte - 0x30 + 52)
        case 0x2B: 62
        case 0x2F: 63
        default: nil
        }
    }
}
