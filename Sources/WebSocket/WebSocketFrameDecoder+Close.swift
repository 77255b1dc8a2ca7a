// Reading a received close frame's payload: an optional status code and a UTF-8 reason (RFC 6455 §5.5.1).

extension WebSocketFrameDecoder {
    /// Splits a close payload into its code and reason. Empty: no code (1005 locally). One byte:
    /// 1002. A code not allowed on the wire (RFC 6455 §7.4): 1002. A reason that is not UTF-8: 1007.
    static func parseClose(_ payload: UnsafeRawBufferPointer) throws(WebSocketProtocolError) -> (WebSocketCloseCode?, String) {
        guard payload.count > 0 else { return (nil, "") }
        guard payload.count >= 2 else { throw .closePayloadOfOneByte }
        let code = WebSocketCloseCode(rawValue: UInt16(payload[0]) << 8 | UInt16(payload[1]))
        guard code.isValidOnTheWire else { throw .invalidCloseCode }
        let reason = UnsafeRawBufferPointer(rebasing: payload[2...])
        var validator = UTF8Validator()
        guard validator.validate(reason), validator.isComplete else { throw .invalidCloseReason }
        return (code, String(decoding: reason, as: UTF8.self))
    }
}
