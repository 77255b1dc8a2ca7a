// One result of feeding received bytes to the frame decoder.

/// What ``WebSocketFrameDecoder/decode(_:)`` found at the start of its input.
///
/// After a step that reports `consumed: n` (or `.consumed(n)`), the caller uses the step's bytes and
/// then drops the first n bytes of its input before the next call. `n` is always a whole frame
/// (header and payload) and never 0.
public enum WebSocketDecodeStep {
    /// The next frame is not complete yet; nothing consumed. Call again after appending more bytes.
    /// The decoder remembers its progress (payload bytes already unmasked and validated in place),
    /// so a frame fed in pieces costs O(bytes).
    case needMoreBytes
    /// A non-final fragment of a data message was copied into the decoder's message buffer;
    /// nothing to act on. Drop the bytes and call again.
    case consumed(Int)
    /// A complete data message.
    case message(WebSocketMessage, consumed: Int)
    /// A ping (RFC 6455 §5.5.2); answer with a pong carrying these bytes (at most 125). The bytes are
    /// unmasked in place in the caller's input.
    case ping(UnsafeRawBufferPointer, consumed: Int)
    /// A pong (RFC 6455 §5.5.3); the bytes are unmasked in place in the caller's input.
    case pong(UnsafeRawBufferPointer, consumed: Int)
    /// A close frame (RFC 6455 §5.5.1). `code` is nil when the payload was empty (report 1005, send
    /// an empty close or 1000 back); otherwise it is valid on the wire and `reason` is valid UTF-8.
    case close(WebSocketCloseCode?, reason: String, consumed: Int)
}
