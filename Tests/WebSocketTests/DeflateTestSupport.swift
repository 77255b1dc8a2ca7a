// Test helpers for the deflate codecs: typed-throws calls wrapped in Result, and message generators.

import WebSocket

extension DeflateDecompressor {
    /// Inflates `bytes`, copying the output (a `Result` sidesteps a compiler crash with `#expect(throws:)`
    /// around typed-throws closures inside `withUnsafeBytes`).
    func inflating(_ bytes: [UInt8], limit: Int = 64 << 20) -> Result<[UInt8], WebSocketProtocolError> {
        bytes.withUnsafeBytes { raw in
            Result { () throws(WebSocketProtocolError) -> [UInt8] in Array(try inflate(raw, limit: limit)) }
        }
    }
}

extension DeflateDecompressor {
    /// The error inflating `bytes` fails with, nil when it succeeds.
    func inflateError(_ bytes: [UInt8], limit: Int = 64 << 20) -> WebSocketProtocolError? {
        if case .failure(let error) = inflating(bytes, limit: limit) { return error }
        return nil
    }
}

extension DeflateCompressor {
    /// Deflates `bytes`, copying the output.
    func deflating(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBytes { Array(deflate($0)) }
    }
}

/// Deterministic test messages.
enum DeflateMessages {
    /// `count` pseudo-random bytes (xorshift, fixed seed): incompressible.
    static func random(_ count: Int, seed: UInt64 = 0x9E37_79B9_7F4A_7C15) -> [UInt8] {
        var state = seed
        var bytes = [UInt8](repeating: 0, count: count)
        for index in bytes.indices {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            bytes[index] = UInt8(truncatingIfNeeded: state)
        }
        return bytes
    }

    /// `count` bytes of repetitive JSON-like text: very compressible.
    static func repetitive(_ count: Int) -> [UInt8] {
        let unit = Array(#"{"type":"response.audio.delta","delta":"AAAA"},"#.utf8)
        return (0..<count).map { unit[$0 % unit.count] }
    }

    /// The sizes and kinds every round trip covers: 0 B, 1 B, 300 B, 1 MiB random and repetitive.
    static let standard: [[UInt8]] = [
        [], [0x41], repetitive(300), random(300), random(1 << 20), repetitive(1 << 20), [], repetitive(300),
    ]
}
