// Sans-I/O RFC 6455 encoder: whole messages and control frames appended to an OutboundQueue.

import Buffers

/// Writes frames for one WebSocket connection into its `OutboundQueue`, one frame per message, with
/// header and payload in a single `writeTail`; nothing here performs I/O.
///
/// In the `.client` role every frame is masked with a fresh, unpredictable key (RFC 6455 §5.3,
/// §10.3), in the same pass as the payload is copied into the queue; in the `.server` role nothing
/// is masked. With a deflater (permessage-deflate negotiated, RFC 7692) messages of at least
/// ``WebSocketMessageDeflater/threshold`` bytes are compressed and sent with RSV1 set.
///
/// **Copies per relayed frame.** The payload the decoder unmasked in place in the receive buffer is
/// copied once, masked or not, into this connection's queue; `writev` then copies it into the
/// kernel. Compressing adds deflating into the deflater's buffer before that copy.
public struct WebSocketFrameEncoder {
    public let role: WebSocketRole
    private let deflater: (any WebSocketMessageDeflater)?
    /// Present exactly in the client role.
    private let maskingKeys: MaskingKeyPool?

    /// - Parameters:
    ///   - role: `.client` masks every frame, `.server` none (RFC 6455 §5.1).
    ///   - deflater: given when permessage-deflate was negotiated.
    public init(role: WebSocketRole, deflater: (any WebSocketMessageDeflater)? = nil) {
        self.role = role
        self.deflater = deflater
        self.maskingKeys = role == .client ? MaskingKeyPool() : nil
    }

    /// Appends one whole message as a single frame (header + payload) to `queue`: compressed (RSV1)
    /// when a deflater is present and `payload.count >= deflater.threshold`; in the client role
    /// masked with a fresh random key while copying (one copy: payload → queue).
    /// - Precondition: `opcode` is `.text` or `.binary`.
    public mutating func encodeMessage(_ opcode: WebSocketOpcode, payload: UnsafeRawBufferPointer, into queue: inout OutboundQueue) {
        precondition(opcode == .text || opcode == .binary, "a message is text or binary")
        if let deflater, payload.count >= deflater.threshold {
            encodeFrame(opcode, rsv1: true, payload: deflater.deflate(payload), into: &queue)
        } else {
            encodeFrame(opcode, rsv1: false, payload: payload, into: &queue)
        }
    }

    /// Appends a ping (RFC 6455 §5.5.2). - Precondition: at most 125 bytes.
    public mutating func encodePing(_ payload: UnsafeRawBufferPointer, into queue: inout OutboundQueue) {
        precondition(payload.count <= 125, "control frame payloads are at most 125 bytes (RFC 6455 §5.5)")
        encodeFrame(.ping, rsv1: false, payload: payload, into: &queue)
    }

    /// Appends a pong (RFC 6455 §5.5.3), normally echoing a ping's payload. - Precondition: at most
    /// 125 bytes.
    public mutating func encodePong(_ payload: UnsafeRawBufferPointer, into queue: inout OutboundQueue) {
        precondition(payload.count <= 125, "control frame payloads are at most 125 bytes (RFC 6455 §5.5)")
        encodeFrame(.pong, rsv1: false, payload: payload, into: &queue)
    }

    /// Appends a close frame (RFC 6455 §5.5.1): empty when `code` is nil (then `reason` is ignored),
    /// otherwise the code followed by `reason` cut to 123 bytes at a UTF-8 character boundary.
    /// - Precondition: `code` is valid on the wire (not 1005, 1006, 1015, ...).
    public mutating func encodeClose(_ code: WebSocketCloseCode?, reason: String, into queue: inout OutboundQueue) {
        guard let code else {
            encodeFrame(.close, rsv1: false, payload: UnsafeRawBufferPointer(start: nil, count: 0), into: &queue)
            return
        }
        precondition(code.isValidOnTheWire, "close code \(code.rawValue) must not be sent (RFC 6455 §7.4)")
        var reason = reason
        reason.withUTF8 { utf8 in
            var reasonLength = min(utf8.count, 123)
            // Back up over continuation bytes so the cut falls before a character, not inside one.
            while reasonLength < utf8.count, reasonLength > 0, utf8[reasonLength] & 0xC0 == 0x80 { reasonLength -= 1 }
            withUnsafeTemporaryAllocation(byteCount: 2 + reasonLength, alignment: 1) { payload in
                payload.storeBytes(of: code.rawValue.bigEndian, toByteOffset: 0, as: UInt16.self)
                if reasonLength > 0 {
                    UnsafeMutableRawBufferPointer(rebasing: payload[2...])
                        .copyMemory(from: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(utf8)[..<reasonLength]))
                }
                encodeFrame(.close, rsv1: false, payload: UnsafeRawBufferPointer(payload), into: &queue)
            }
        }
    }

    /// The masking key for the next frame this connection sends: a fresh random one in the client
    /// role, nil in the server role. For callers that write frames with ``writeHeader(fin:rsv1:opcode:payloadLength:maskingKey:into:)``
    /// and ``Masking/copy(from:to:key:)`` themselves.
    public mutating func maskingKeyForNextFrame() -> UInt32? {
        maskingKeys?.take()
    }

    private mutating func encodeFrame(
        _ opcode: WebSocketOpcode, rsv1: Bool, payload: UnsafeRawBufferPointer, into queue: inout OutboundQueue
    ) {
        let maskingKey = maskingKeyForNextFrame()
        let headerLength = Self.headerLength(payloadLength: payload.count, masked: maskingKey != nil)
        queue.writeTail(minimumCapacity: headerLength + payload.count) { room in
            _ = Self.writeHeader(
                fin: true, rsv1: rsv1, opcode: opcode, payloadLength: payload.count, maskingKey: maskingKey, into: room)
            let body = UnsafeMutableRawBufferPointer(rebasing: room[headerLength...])
            if let maskingKey {
                Masking.copy(from: payload, to: body, key: maskingKey)
            } else if payload.count > 0 {
                body.copyMemory(from: payload)
            }
            return headerLength + payload.count
        }
    }
}

@available(*, unavailable, message: "an encoder belongs to one connection on one loop thread")
extension WebSocketFrameEncoder: Sendable {}
