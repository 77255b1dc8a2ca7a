// One WebSocket connection on its loop: decode frames as bytes arrive, answer pings, run the close handshake.
import Buffers
import Posix
import Reactor
import WebSocket

/// The I/O shell around the pure codec, for both roles. It owns the byte stream it was upgraded
/// from (or connected on), a decoder, an encoder and the keepalive and close timers. Loop-confined.
public final class WebSocketConnection: ByteStreamDelegate {
    public let stream: any ByteStream
    public let role: WebSocketRole
    /// The application; released when the connection closes.
    public var delegate: (any WebSocketConnectionDelegate)?
    /// Bookkeeping of whoever tracks open connections (the server, for draining); runs before the
    /// delegate hears the close.
    public var onClose: ((WebSocketConnection) -> Void)?
    /// Hears control frames both ways (nil: nobody records them; one check per control frame).
    public weak var controlObserver: (any WebSocketControlObserver)?
    let configuration: WebSocketConnectionConfiguration
    var decoder: WebSocketFrameDecoder
    var encoder: WebSocketFrameEncoder

    enum CloseState: Equatable {
        case open
        /// We sent a close frame (ours or an echo) and wait for the peer's, or for the socket to end.
        case closeSent(code: WebSocketCloseCode, reason: String)
        case closed
    }
    var closeState = CloseState.open
    /// The close code and reason the delegate will hear (the peer's, else ours).
    var finalClose: (code: WebSocketCloseCode, reason: String)?
    var readingPaused = false
    var lastReceived: UInt64
    lazy var keepaliveTimer = LoopTimer(context: stream.context) { [weak self] in self?.keepaliveTick() }
    var closeTimer: LoopTimer?

    /// Takes over `stream` (its delegate becomes this connection). `inflater`/`deflater` are the
    /// permessage-deflate codecs when it was negotiated.
    public init(stream: any ByteStream, role: WebSocketRole, configuration: WebSocketConnectionConfiguration,
                inflater: (any WebSocketMessageInflater)? = nil, deflater: (any WebSocketMessageDeflater)? = nil) {
        self.stream = stream
        self.role = role
        self.configuration = configuration
        decoder = WebSocketFrameDecoder(role: role, configuration: configuration.codec, inflater: inflater)
        encoder = WebSocketFrameEncoder(role: role, deflater: deflater)
        lastReceived = stream.context.now
        // The decoder acts on whole frames: the stream must be able to hold the largest one.
        stream.maxInboundBytes = max(stream.maxInboundBytes, configuration.codec.maxFrameBytes + 14)
        stream.delegate = self
        keepaliveTimer.schedule(after: Nanoseconds.seconds(configuration.pingInterval))
    }

    public var context: LoopContext { stream.context }
    /// True until a close frame was sent or received.
    public var isOpen: Bool { closeState == .open }
    /// True while queued output is above the high watermark: the relay pauses the other side.
    public var isOutputFull: Bool { stream.isOutputFull }

    // MARK: Sending

    /// Queues one message as one frame (compressed when negotiated and large enough).
    public func send(_ opcode: WebSocketOpcode, payload: UnsafeRawBufferPointer) {
        guard closeState == .open else { return }
        stream.withOutboundQueue { encoder.encodeMessage(opcode, payload: payload, into: &$0) }
    }

    public func send(text: String) {
        var text = text
        text.withUTF8 { send(.text, payload: UnsafeRawBufferPointer($0)) }
    }

    public func sendPing(_ payload: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0)) {
        guard closeState == .open else { return }
        stream.withOutboundQueue { encoder.encodePing(payload, into: &$0) }
        controlObserver?.webSocket(self, control: .ping(payload), sent: true)
    }

    /// Starts the closing handshake (RFC 6455 §7.1.2): sends a close frame, then waits up to
    /// `closeTimeout` for the peer's before closing the socket.
    public func close(code: WebSocketCloseCode = .normalClosure, reason: String = "") {
        guard closeState == .open else { return }
        sendClose(code: code, reason: reason)
        if finalClose == nil { finalClose = (code, reason) }
    }

    // MARK: Backpressure

    /// Stops delivering messages (the other side of a relay is full). Frames stay buffered, in order.
    public func pauseReading() {
        readingPaused = true
        stream.pauseReading()
    }

    public func resumeReading() {
        guard readingPaused else { return }
        readingPaused = false
        stream.resumeReading()
    }
}

@available(*, unavailable, message: "a WebSocketConnection belongs to one loop thread")
extension WebSocketConnection: Sendable {}
