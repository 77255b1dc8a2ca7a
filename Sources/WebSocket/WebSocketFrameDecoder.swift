// Sans-I/O RFC 6455 decoder: received bytes in, messages and control frames out, unmasked in place.

/// Turns the bytes received on one WebSocket connection into messages, pings, pongs and a close,
/// without I/O and without copying single-frame messages.
///
/// **Caller contract.** `input` holds every byte received and not yet consumed, oldest first. It is
/// mutable because payloads are unmasked in place: bytes the decoder has looked at may have changed,
/// and the caller keeps them as they now are (it must not restore them from another copy). Between
/// calls the caller only appends; after a step reports `consumed: n` (or `.consumed(n)`) it drops the
/// first n bytes before the next call (passing `input[n...]` of the same buffer next is the same
/// thing). Call until ``WebSocketDecodeStep/needMoreBytes``. The decoder keeps offsets into the
/// unconsumed bytes, never pointers, so the caller may move or compact its buffer between calls.
///
/// **Whole frames with a cap.** A frame is acted on once all its bytes are in `input`, so the
/// caller's input grows to at most one frame: 14 header bytes plus
/// ``WebSocketConfiguration/maxFrameBytes`` (or 125 for a control frame, if larger). A data frame
/// header announcing more fails with 1009 at once, before the payload arrives. Text is still checked
/// as it arrives: the part of a text frame received so far is unmasked and validated on every call,
/// and invalid UTF-8 fails with 1007 before the frame is complete (RFC 6455 §8.1 lets an endpoint
/// fail as soon as it sees invalid bytes).
///
/// **Lifetimes of the bytes a step points at.**
/// - a single-frame uncompressed message, a ping, a pong: inside `input`, valid until the caller
///   drops the consumed bytes (or moves its buffer);
/// - a fragmented message: in the decoder's message buffer, valid until the next `decode` call;
/// - a compressed message: in the inflater's output, valid until the next `decode` call.
///
/// **Copies per relayed frame.** kernel → the loop's receive buffer (`read`); unmasked in place (no
/// copy); one copy-and-mask into the other connection's `OutboundQueue` by ``WebSocketFrameEncoder``;
/// the kernel's copy on `writev`. A fragmented message adds one copy into the message buffer; a
/// compressed one adds inflating here and deflating in the encoder (and TLS adds its encryption).
///
/// **Messages.** Fragments are reassembled (RFC 6455 §5.4) with control frames allowed between
/// them; their running total is checked against ``WebSocketConfiguration/maxMessageBytes`` before
/// each copy. Text is validated across fragment boundaries. With an inflater (permessage-deflate
/// negotiated) a message whose first frame has RSV1 set is inflated after reassembly, capped at
/// `maxMessageBytes`, and validated as UTF-8 after inflating.
///
/// **Errors.** Every refusal is a ``WebSocketProtocolError`` carrying the close code to fail the
/// connection with; once one was thrown, every later call throws it again. The decoder does not track
/// the closing handshake: after a `.close` step the connection stops reading frames.
public struct WebSocketFrameDecoder {
    /// What the decoder remembers of a fragmented message whose final frame has not arrived.
    private struct OpenMessage {
        let opcode: WebSocketOpcode
        let compressed: Bool
    }

    /// Fragmented messages left in the buffer up to this size keep its memory for the next one.
    private static let retainedMessageCapacity = 64 * 1024

    public let role: WebSocketRole
    public let configuration: WebSocketConfiguration
    private let inflater: (any WebSocketMessageInflater)?
    private let headerParser: WebSocketFrameHeaderParser

    /// The frame at the start of the input whose payload is still arriving, once its header parsed.
    private var frame: WebSocketFrameHeader?
    /// How many of `frame`'s payload bytes are already unmasked (and, for text, validated) in place.
    private var frameProgress = 0
    /// Whether `frame`'s payload is uncompressed text, validated as it arrives.
    private var frameIsText = false
    private var openMessage: OpenMessage?
    private var messageBuffer: MessageBuffer
    /// The last step handed out the message buffer; empty it on the next call.
    private var messageBufferDelivered = false
    /// UTF-8 state of the current uncompressed text message, carried across its fragments.
    private var textValidator = UTF8Validator()
    private var failure: WebSocketProtocolError?

    /// - Parameters:
    ///   - role: `.server` requires masked frames, `.client` refuses them (RFC 6455 §5.1).
    ///   - inflater: given when permessage-deflate was negotiated; only then may RSV1 be set.
    public init(
        role: WebSocketRole, configuration: WebSocketConfiguration = .init(),
        inflater: (any WebSocketMessageInflater)? = nil
    ) {
        self.role = role
        self.configuration = configuration
        self.inflater = inflater
        self.headerParser = WebSocketFrameHeaderParser(
            role: role, deflateNegotiated: inflater != nil, maxFrameBytes: configuration.maxFrameBytes)
        self.messageBuffer = MessageBuffer(maximumCapacity: configuration.maxMessageBytes)
    }

    /// Decodes the next frame at the start of `input` (see the type's contract).
    public mutating func decode(_ input: UnsafeMutableRawBufferPointer) throws(WebSocketProtocolError) -> WebSocketDecodeStep {
        if let failure { throw failure }
        do {
            return try step(input)
        } catch {
            failure = error
            throw error
        }
    }

    private mutating func step(_ input: UnsafeMutableRawBufferPointer) throws(WebSocketProtocolError) -> WebSocketDecodeStep {
        if messageBufferDelivered {
            messageBufferDelivered = false
            mutableMessageBuffer().removeAll(retainedCapacity: Self.retainedMessageCapacity)
        }
        let header: WebSocketFrameHeader
        if let frame {
            header = frame
        } else {
            guard let parsed = try headerParser.parse(UnsafeRawBufferPointer(input)) else { return .needMoreBytes }
            frameIsText = try admit(parsed)
            frame = parsed
            frameProgress = 0
            header = parsed
        }

        // Unmask (and validate) whatever part of the payload is new since the last call.
        let payloadStart = header.headerLength
        let available = min(max(input.count &- payloadStart, 0), header.payloadLength)
        if available > frameProgress {
            let fresh = UnsafeMutableRawBufferPointer(
                rebasing: input[(payloadStart &+ frameProgress)..<(payloadStart &+ available)])
            var freshIsASCII = false
            if let key = header.maskingKey { freshIsASCII = Masking.unmask(fresh, key: key, offset: frameProgress) }
            // ASCII after a complete character is valid UTF-8: unmasking saw that already, in the same pass.
            if frameIsText, !(freshIsASCII && textValidator.isComplete),
               !textValidator.validate(UnsafeRawBufferPointer(fresh)) { throw .invalidUTF8 }
            frameProgress = available
        }
        guard available == header.payloadLength else { return .needMoreBytes }

        frame = nil
        frameProgress = 0
        let consumed = header.frameLength
        let payload = UnsafeRawBufferPointer(rebasing: input[payloadStart..<consumed])
        switch header.opcode {
        case .ping:
            return .ping(payload, consumed: consumed)
        case .pong:
            return .pong(payload, consumed: consumed)
        case .close:
            let (code, reason) = try Self.parseClose(payload)
            return .close(code, reason: reason, consumed: consumed)
        case .text, .binary:
            guard header.fin else {
                openMessage = OpenMessage(opcode: header.opcode, compressed: header.rsv1)
                mutableMessageBuffer().append(payload)
                return .consumed(consumed)
            }
            return try complete(header.opcode, payload: payload, compressed: header.rsv1, consumed: consumed)
        case .continuation:
            guard let open = openMessage else { preconditionFailure("admit(_:) lets no orphan continuation through") }
            mutableMessageBuffer().append(payload)
            guard header.fin else { return .consumed(consumed) }
            openMessage = nil
            messageBufferDelivered = true
            return try complete(open.opcode, payload: messageBuffer.bytes, compressed: open.compressed, consumed: consumed)
        }
    }

    /// Checks a data frame's place in the message sequence (RFC 6455 §5.4) and the message limit,
    /// from its header alone. Returns whether its payload is uncompressed text.
    private mutating func admit(_ header: WebSocketFrameHeader) throws(WebSocketProtocolError) -> Bool {
        switch header.opcode {
        case .continuation:
            guard let open = openMessage else { throw .continuationWithoutMessage }
            guard header.payloadLength <= configuration.maxMessageBytes &- messageBuffer.count else {
                throw .messageTooBig
            }
            return open.opcode == .text && !open.compressed
        case .text, .binary:
            guard openMessage == nil else { throw .messageInsideFragmentedMessage }
            guard header.payloadLength <= configuration.maxMessageBytes else { throw .messageTooBig }
            textValidator = UTF8Validator()
            return header.opcode == .text && !header.rsv1
        case .close, .ping, .pong:
            return false
        }
    }

    /// Finishes a message: inflates it if compressed, and checks that text ended on a character.
    private func complete(
        _ opcode: WebSocketOpcode, payload: UnsafeRawBufferPointer, compressed: Bool, consumed: Int
    ) throws(WebSocketProtocolError) -> WebSocketDecodeStep {
        var bytes = payload
        if compressed {
            guard let inflater else { preconditionFailure("the header parser refuses RSV1 without an inflater") }
            bytes = try inflater.inflate(payload, limit: configuration.maxMessageBytes)
            guard bytes.count <= configuration.maxMessageBytes else { throw .messageTooBig }
            if opcode == .text {
                var validator = UTF8Validator()
                guard validator.validate(bytes), validator.isComplete else { throw .invalidUTF8 }
            }
        } else if opcode == .text {
            guard textValidator.isComplete else { throw .invalidUTF8 }
        }
        return .message(WebSocketMessage(opcode: opcode, payload: bytes, wasCompressed: compressed), consumed: consumed)
    }

    /// The message buffer, copied first if a copy of this decoder shares it.
    private mutating func mutableMessageBuffer() -> MessageBuffer {
        if !isKnownUniquelyReferenced(&messageBuffer) { messageBuffer = messageBuffer.copy() }
        return messageBuffer
    }
}

@available(*, unavailable, message: "a decoder belongs to one connection on one loop thread")
extension WebSocketFrameDecoder: Sendable {}
