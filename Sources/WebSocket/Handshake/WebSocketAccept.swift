// The Sec-WebSocket-Accept value a server derives from the client's key (RFC 6455 §4.2.2).

import COpenSSL

/// Computes `Sec-WebSocket-Accept` (RFC 6455 §4.2.2 step 5.4, §11.3.3): the base64 of the SHA-1 of
/// the key (as sent, trimmed) followed by the GUID `258EAFA5-E914-47DA-95CA-C5AB0DC85B11`.
public enum WebSocketAccept {
    /// The GUID RFC 6455 §1.3 appends to the key.
    static let guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    /// The accept value for `key`; e.g. `dGhlIHNhbXBsZSBub25jZQ==` gives `s3pPLMBiTxaQ9kYGzzhZRbK+xOo=` (RFC 6455 §1.3).
    public static func value(forKey key: String) -> String {
        var input = Array(key.utf8)
        input.append(contentsOf: guid.utf8)
        var digest = [UInt8](repeating: 0, count: Int(SHA_DIGEST_LENGTH))
        _ = input.withUnsafeBufferPointer { source in
            digest.withUnsafeMutableBufferPointer { SHA1(source.baseAddress, source.count, $0.baseAddress) }
        }
        return HandshakeBase64.encode(digest)
    }
}
