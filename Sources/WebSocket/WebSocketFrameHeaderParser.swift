// Parses and checks an RFC 6455 frame header from contiguous bytes; owns no payload bytes.

/// Reads a frame header (RFC 6455 §5.2) and enforces every rule that the header alone decides:
///
/// ```
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-------+-+-------------+-------------------------------+
/// |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
/// |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
/// |N|V|V|V|       |S|             |   (if payload len==126/127)   |
/// | |1|2|3|       |K|             |                               |
/// +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
/// |     Extended payload length continued, if payload len == 127  |
/// + - - - - - - - - - - - - - - - +-------------------------------+
/// |                               |Masking-key, if MASK set to 1  |
/// +-------------------------------+-------------------------------+
/// | Masking-key (continued)       |          Payload Data         |
/// +-------------------------------- - - - - - - - - - - - - - - - +
/// ```
///
/// Checks run as soon as their byte is present, so a bad first byte fails before the rest arrives.
/// Lengths may use a longer encoding than necessary (RFC 6455 §5.2 asks senders for the minimal one
/// but does not make receivers refuse others); a data frame over `maxFrameBytes` fails with 1009
/// before any of its payload is buffered.
struct WebSocketFrameHeaderParser {
    /// Decides masking: a server requires it, a client refuses it (RFC 6455 §5.1).
    let role: WebSocketRole
    /// permessage-deflate was negotiated, so RSV1 may mark a compressed message (RFC 7692 §6).
    let deflateNegotiated: Bool
    let maxFrameBytes: Int

    /// The header at the start of `bytes`, or nil when more bytes are needed to complete it.
    func parse(_ bytes: UnsafeRawBufferPointer) throws(WebSocketProtocolError) -> WebSocketFrameHeader? {
        guard bytes.count >= 1 else { return nil }
        let first = bytes[0]
        let fin = first & 0x80 != 0
        let rsv1 = first & 0x40 != 0
        guard let opcode = WebSocketOpcode(rawValue: first & 0x0F) else { throw .unknownOpcode }
        guard first & 0x30 == 0 else { throw .reservedBitSet }
        if rsv1 {
            guard deflateNegotiated else { throw .reservedBitSet }
            // RFC 7692 §6.1: only the first frame of a data message carries the compressed bit.
            guard !opcode.isControl else { throw .compressedControlFrame }
            guard opcode != .continuation else { throw .compressedContinuation }
        }
        // RFC 6455 §5.5: control frames are never fragmented and carry at most 125 bytes.
        guard fin || !opcode.isControl else { throw .fragmentedControlFrame }

        guard bytes.count >= 2 else { return nil }
        let second = bytes[1]
        let masked = second & 0x80 != 0
        switch role {
        case .server: guard masked else { throw .unmaskedClientFrame }
        case .client: guard !masked else { throw .maskedServerFrame }
        }
        let length7 = Int(second & 0x7F)
        guard length7 <= 125 || !opcode.isControl else { throw .controlFrameTooLong }

        var headerLength = 2
        let payloadLength: Int
        switch length7 {
        case 126:
            headerLength = 4
            guard bytes.count >= headerLength else { return nil }
            payloadLength = Int(UInt16(bigEndian: bytes.loadUnaligned(fromByteOffset: 2, as: UInt16.self)))
        case 127:
            headerLength = 10
            guard bytes.count >= headerLength else { return nil }
            let length64 = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 2, as: UInt64.self))
            guard length64 >> 63 == 0 else { throw .lengthTopBitSet }
            payloadLength = Int(length64)
        default:
            payloadLength = length7
        }
        // Control frames (at most 125 bytes, checked above) are exempt, so a small limit never refuses a ping.
        guard payloadLength <= maxFrameBytes || opcode.isControl else { throw .frameTooBig }

        var maskingKey: UInt32?
        if masked {
            guard bytes.count >= headerLength + 4 else { return nil }
            maskingKey = UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: headerLength, as: UInt32.self))
            headerLength += 4
        }
        return WebSocketFrameHeader(
            fin: fin, rsv1: rsv1, opcode: opcode, maskingKey: maskingKey,
            payloadLength: payloadLength, headerLength: headerLength)
    }
}
