// The frame opcodes RFC 6455 §5.2 defines; every other value is refused.

/// A frame's opcode (RFC 6455 §5.2, §11.8). Values 3-7 and 11-15 are reserved: a frame carrying one
/// fails the connection with 1002.
public enum WebSocketOpcode: UInt8, Sendable {
    /// A later fragment of a text or binary message (RFC 6455 §5.4).
    case continuation = 0x0
    /// The first (or only) frame of a UTF-8 text message.
    case text = 0x1
    /// The first (or only) frame of a binary message.
    case binary = 0x2
    /// The closing handshake (RFC 6455 §5.5.1).
    case close = 0x8
    /// A ping, to be answered by a pong with the same payload (RFC 6455 §5.5.2).
    case ping = 0x9
    /// A pong (RFC 6455 §5.5.3).
    case pong = 0xA

    /// Control frames (close, ping, pong) have the high opcode bit set (RFC 6455 §5.5).
    public var isControl: Bool { rawValue & 0x8 != 0 }
}
