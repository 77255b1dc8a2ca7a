// Writing a frame header (RFC 6455 §5.2) for a payload of known length.

extension WebSocketFrameEncoder {
    /// Header bytes for a payload of `payloadLength` bytes: 2, 4 (126...65535) or 10 (larger), plus 4
    /// when masked. Lengths always use the minimal encoding (RFC 6455 §5.2).
    public static func headerLength(payloadLength: Int, masked: Bool) -> Int {
        let length = payloadLength <= 125 ? 2 : payloadLength <= 0xFFFF ? 4 : 10
        return masked ? length + 4 : length
    }

    /// Writes the frame header alone at the start of `buffer`, for callers that send an existing
    /// payload themselves (masking it with the same key if `maskingKey` is not nil). Returns the
    /// header bytes written, ``headerLength(payloadLength:masked:)``.
    /// - Precondition: `buffer` has room for the header; `payloadLength >= 0`.
    public static func writeHeader(
        fin: Bool, rsv1: Bool, opcode: WebSocketOpcode, payloadLength: Int, maskingKey: UInt32?,
        into buffer: UnsafeMutableRawBufferPointer
    ) -> Int {
        precondition(payloadLength >= 0, "negative payload length")
        let length = headerLength(payloadLength: payloadLength, masked: maskingKey != nil)
        precondition(buffer.count >= length, "no room for the frame header")
        buffer[0] = (fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode.rawValue
        let maskBit: UInt8 = maskingKey == nil ? 0 : 0x80
        var offset: Int
        if payloadLength <= 125 {
            buffer[1] = maskBit | UInt8(payloadLength)
            offset = 2
        } else if payloadLength <= 0xFFFF {
            buffer[1] = maskBit | 126
            buffer.storeBytes(of: UInt16(payloadLength).bigEndian, toByteOffset: 2, as: UInt16.self)
            offset = 4
        } else {
            buffer[1] = maskBit | 127
            buffer.storeBytes(of: UInt64(payloadLength).bigEndian, toByteOffset: 2, as: UInt64.self)
            offset = 10
        }
        if let maskingKey {
            buffer.storeBytes(of: maskingKey.bigEndian, toByteOffset: offset, as: UInt32.self)
            offset += 4
        }
        return offset
    }
}
