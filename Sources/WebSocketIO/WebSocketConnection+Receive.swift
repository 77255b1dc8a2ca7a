// The receive half of WebSocketConnection: decode steps in order, control frames, protocol failures.
import Posix
import Reactor
import WebSocket

extension WebSocketConnection {
    public func stream(_ stream: any ByteStream, received bytes: UnsafeMutableRawBufferPointer) -> Int {
        lastReceived = context.now
        var consumed = 0
        while closeState != .closed && !readingPaused {
            let step: WebSocketDecodeStep
            do {
                step = try decoder.decode(UnsafeMutableRawBufferPointer(rebasing: bytes[consumed...]))
            } catch {
                fail(error)
                return bytes.count
            }
            switch step {
            case .needMoreBytes:
                return consumed
            case .consumed(let count):
                consumed += count
            case .message(let message, let count):
                consumed += count
                // After our close frame, RFC 6455 §1.4 lets us discard data frames.
                if closeState == .open { delegate?.webSocket(self, received: message) }
            case .ping(let payload, let count):
                consumed += count
                controlObserver?.webSocket(self, control: .ping(payload), sent: false)
                if closeState == .open {
                    stream.withOutboundQueue { encoder.encodePong(payload, into: &$0) }
                    controlObserver?.webSocket(self, control: .pong(payload), sent: true)
                }
            case .pong(let payload, let count):
                consumed += count
                controlObserver?.webSocket(self, control: .pong(payload), sent: false)
            case .close(let code, let reason, let count):
                consumed += count
                receivedClose(code: code, reason: reason)
                return bytes.count
            }
        }
        return consumed
    }

    /// The peer's close frame: echo it if we have not sent ours (RFC 6455 §5.5.1), then end the TCP
    /// connection. The server closes TCP first (§7.1.1); a client waits for the server to, with a deadline.
    func receivedClose(code: WebSocketCloseCode?, reason: String) {
        finalClose = finalClose ?? (code ?? .noStatusReceived, reason)
        controlObserver?.webSocket(self, control: .close(code: code, reason: reason), sent: false)
        if closeState == .open {
            // Echo the code (an empty close is answered with an empty close).
            closeState = .closeSent(code: code ?? .normalClosure, reason: "")
            stream.withOutboundQueue { encoder.encodeClose(code, reason: "", into: &$0) }
            controlObserver?.webSocket(self, control: .close(code: code, reason: ""), sent: true)
        }
        finishClosing()
    }

    /// A protocol violation: send a close with its code and drop the connection (RFC 6455 §7.1.7).
    func fail(_ error: WebSocketProtocolError) {
        if closeState == .open {
            finalClose = (error.closeCode, error.reason)
            closeState = .closeSent(code: error.closeCode, reason: error.reason)
            stream.withOutboundQueue { encoder.encodeClose(error.closeCode, reason: error.reason, into: &$0) }
            controlObserver?.webSocket(self, control: .close(code: error.closeCode, reason: error.reason), sent: true)
        }
        stream.closeAfterFlush()
    }

    func sendClose(code: WebSocketCloseCode, reason: String) {
        closeState = .closeSent(code: code, reason: reason)
        stream.withOutboundQueue { encoder.encodeClose(code, reason: reason, into: &$0) }
        controlObserver?.webSocket(self, control: .close(code: code, reason: reason), sent: true)
        let timer = LoopTimer(context: context) { [weak self] in
            // The peer never answered our close: give up on the handshake.
            self?.stream.close(error: nil)
        }
        timer.schedule(after: Nanoseconds.seconds(configuration.closeTimeout))
        closeTimer = timer
    }

    /// Both close frames are exchanged.
    func finishClosing() {
        switch role {
        case .server:
            stream.closeAfterFlush()
        case .client:
            // Give the server time to close first; the lingering close ends it otherwise.
            if closeTimer == nil {
                let timer = LoopTimer(context: context) { [weak self] in self?.stream.close(error: nil) }
                timer.schedule(after: Nanoseconds.seconds(configuration.closeTimeout))
                closeTimer = timer
            }
        }
    }

    public func streamReachedEndOfInput(_ stream: any ByteStream) {
        // EOF: after a close handshake that is the normal end; before it, the peer vanished (1006).
        if finalClose == nil { finalClose = (.abnormalClosure, "the peer closed the connection without a close frame") }
        stream.close(error: nil)
    }

    public func streamBecameWritable(_ stream: any ByteStream) {
        delegate?.webSocketBecameWritable(self)
    }

    public func streamClosed(_ stream: any ByteStream, error: (any Error)?) {
        closeState = .closed
        keepaliveTimer.cancel()
        closeTimer?.cancel()
        let close = finalClose ?? (.abnormalClosure, error.map { "\($0)" } ?? "the connection closed without a close frame")
        let delegate = self.delegate
        self.delegate = nil
        onClose?(self)
        onClose = nil
        delegate?.webSocketClosed(self, code: close.code, reason: close.reason)
    }

    /// Every `pingInterval`: ping a quiet peer; give up on one silent past `deadPeerTimeout`.
    func keepaliveTick() {
        guard closeState == .open else { return }
        let quiet = context.now &- lastReceived
        if quiet >= Nanoseconds.seconds(configuration.deadPeerTimeout) {
            finalClose = (.goingAway, "no data or pong from the peer for \(Int(configuration.deadPeerTimeout)) s")
            stream.close(error: nil)
            return
        }
        if quiet >= Nanoseconds.seconds(configuration.pingInterval) * 9 / 10 { sendPing() }
        keepaliveTimer.schedule(after: Nanoseconds.seconds(configuration.pingInterval))
    }
}
