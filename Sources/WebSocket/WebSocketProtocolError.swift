// Every way a peer can break RFC 6455, each mapped to the close code to fail the connection with.

/// A refusal of the peer's bytes. The connection answers with a close frame carrying `closeCode`
/// (RFC 6455 §7.1.7 "Fail the WebSocket Connection") and then closes.
///
/// This file is the one place that maps failures to close codes: 1002 for framing violations,
/// 1007 for invalid UTF-8, 1009 for sizes past the configured limits.
public struct WebSocketProtocolError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The code to send in the close frame.
    public let closeCode: WebSocketCloseCode
    /// A short English explanation, fit for a log line and for the close frame's reason.
    public let reason: String

    public init(closeCode: WebSocketCloseCode, reason: String) {
        self.closeCode = closeCode
        self.reason = reason
    }

    public var description: String { "\(closeCode.rawValue) \(reason)" }
}

extension WebSocketProtocolError {
    // 1002: framing (RFC 6455 §5.2, §5.4, §5.5, §7.4).
    static let reservedBitSet = protocolError("reserved bit set without a negotiated extension")
    static let compressedControlFrame = protocolError("compressed control frame")
    static let compressedContinuation = protocolError("RSV1 set on a continuation frame")
    static let unknownOpcode = protocolError("reserved opcode")
    static let unmaskedClientFrame = protocolError("client frame not masked")
    static let maskedServerFrame = protocolError("server frame masked")
    static let fragmentedControlFrame = protocolError("fragmented control frame")
    static let controlFrameTooLong = protocolError("control frame payload over 125 bytes")
    static let lengthTopBitSet = protocolError("64-bit payload length with the most significant bit set")
    static let continuationWithoutMessage = protocolError("continuation frame without a message to continue")
    static let messageInsideFragmentedMessage = protocolError("new data frame while a fragmented message is open")
    static let closePayloadOfOneByte = protocolError("close payload of one byte")
    static let invalidCloseCode = protocolError("close code not allowed on the wire")

    // 1007: text that is not UTF-8 (RFC 6455 §8.1).
    static let invalidUTF8 = WebSocketProtocolError(closeCode: .invalidPayload, reason: "text is not valid UTF-8")
    static let invalidCloseReason = WebSocketProtocolError(closeCode: .invalidPayload, reason: "close reason is not valid UTF-8")

    // 1009: past the configured limits (an inflater throws `messageTooBig` past its `limit`).
    static let frameTooBig = WebSocketProtocolError(closeCode: .messageTooBig, reason: "frame larger than the limit")
    static let messageTooBig = WebSocketProtocolError(closeCode: .messageTooBig, reason: "message larger than the limit")

    private static func protocolError(_ reason: String) -> WebSocketProtocolError {
        WebSocketProtocolError(closeCode: .protocolError, reason: reason)
    }
}
