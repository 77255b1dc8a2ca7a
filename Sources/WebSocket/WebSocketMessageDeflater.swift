// What the encoder needs from permessage-deflate (RFC 7692) to compress an outgoing message.

/// Compresses whole messages for a ``WebSocketFrameEncoder``. Class-bound, because it owns a zlib
/// stream and an output buffer that outlive each call; loop-confined like the encoder.
public protocol WebSocketMessageDeflater: AnyObject {
    /// Messages with fewer payload bytes than this are sent uncompressed (RSV1 clear).
    var threshold: Int { get }

    /// Compresses one whole message (RFC 7692 §7.2.1) and returns the bytes to send as its payload,
    /// with the trailing `00 00 ff ff` of the sync flush removed. The bytes live in a buffer the
    /// deflater owns and are valid until the next call.
    func deflate(_ message: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer
}
