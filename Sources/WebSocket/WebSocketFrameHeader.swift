// The fixed part of a frame: flags, opcode, masking key and payload length (RFC 6455 §5.2).

/// A parsed frame header. `headerLength` is how many bytes the header took on the wire (2 to 14), so
/// the payload starts at that offset and is `payloadLength` bytes long.
public struct WebSocketFrameHeader: Sendable, Equatable {
    /// Final fragment of a message (RFC 6455 §5.4).
    public var fin: Bool
    /// Extension bits; RSV1 marks a compressed message under permessage-deflate (RFC 7692 §6).
    public var rsv1: Bool
    public var rsv2: Bool
    public var rsv3: Bool
    public var opcode: WebSocketOpcode
    /// The four key bytes in wire order, the first one most significant (`37 fa 21 3d` is
    /// `0x37fa_213d`); nil for an unmasked frame.
    public var maskingKey: UInt32?
    /// Payload bytes following the header.
    public var payloadLength: Int
    /// Header bytes on the wire: 2, plus 2 or 8 for an extended length, plus 4 for a masking key.
    public var headerLength: Int

    public init(
        fin: Bool, rsv1: Bool = false, rsv2: Bool = false, rsv3: Bool = false, opcode: WebSocketOpcode,
        maskingKey: UInt32?, payloadLength: Int, headerLength: Int
    ) {
        self.fin = fin
        self.rsv1 = rsv1
        self.rsv2 = rsv2
        self.rsv3 = rsv3
        self.opcode = opcode
        self.maskingKey = maskingKey
        self.payloadLength = payloadLength
        self.headerLength = headerLength
    }

    /// Header plus payload.
    public var frameLength: Int { headerLength + payloadLength }
}
