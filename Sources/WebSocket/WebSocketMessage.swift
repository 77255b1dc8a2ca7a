// One complete data message handed out by the decoder, as a view of bytes it does not own.

/// A complete text or binary message (all fragments reassembled, inflated if it was compressed).
///
/// `payload` is a view, not a copy. It points into the caller's input (a single-frame uncompressed
/// message), into the decoder's message buffer (a fragmented one) or into the inflater's output (a
/// compressed one); see ``WebSocketFrameDecoder`` for how long each stays valid. Text payloads were
/// validated as UTF-8.
public struct WebSocketMessage {
    /// ``WebSocketOpcode/text`` or ``WebSocketOpcode/binary``.
    public let opcode: WebSocketOpcode
    public let payload: UnsafeRawBufferPointer
    /// The message arrived with RSV1 set and was inflated (permessage-deflate, RFC 7692).
    public let wasCompressed: Bool

    public init(opcode: WebSocketOpcode, payload: UnsafeRawBufferPointer, wasCompressed: Bool) {
        self.opcode = opcode
        self.payload = payload
        self.wasCompressed = wasCompressed
    }
}
