// What the decoder needs from permessage-deflate (RFC 7692) to inflate a received message.

/// Inflates whole compressed messages for a ``WebSocketFrameDecoder``. Class-bound, because it owns
/// a zlib stream and an output buffer that outlive each call; loop-confined like the decoder.
public protocol WebSocketMessageInflater: AnyObject {
    /// Inflates one whole compressed message: the payloads of all its frames, concatenated, with
    /// `00 00 ff ff` appended before inflating (RFC 7692 §7.2.2).
    ///
    /// Output goes to a buffer the inflater owns; the returned bytes are valid until the next call.
    /// Throws ``WebSocketCloseCode/messageTooBig`` (1009) as soon as the output would pass `limit`
    /// bytes, and 1007 or 1002 when the data is corrupt.
    func inflate(_ compressed: UnsafeRawBufferPointer, limit: Int) throws(WebSocketProtocolError) -> UnsafeRawBufferPointer
}
