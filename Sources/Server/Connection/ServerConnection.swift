// One HTTP/1.1 client connection: parse requests as bytes arrive, answer in order, time out, drain.
import HTTP
import Posix
import Reactor

/// The HTTP protocol on top of one TCPConnection. Loop-confined; the TCPConnection holds it
/// (as its delegate) until the connection closes.
final class ServerConnection: ByteStreamDelegate {
    let id: UInt64
    let tcp: TCPConnection
    unowned let state: ServerLoopState
    private var parser: HTTPRequestParser
    /// The request whose head arrived and whose body (if any) is still arriving.
    private var request: HTTPRequestHead?
    /// True from the first byte of a request until its response is queued.
    private var requestInProgress = false
    /// Set while a response is produced off this call stack (/metrics gathers from every loop);
    /// pipelined requests wait so responses keep their order.
    private var awaitingResponse = false
    /// Close once the current response is written (draining, or the request asked for it).
    private(set) var closeAfterResponse = false
    /// Header, idle and send timeouts, one at a time (see `timedOut`).
    /// Weak: after an upgrade this object goes away while the heap may still hold the timer.
    private(set) lazy var timer = LoopTimer(context: tcp.context) { [weak self] in self?.timedOut() }
    /// Set when the connection became a WebSocket (its bytes are then counted as the WebSocket's).
    var upgraded = false
    /// The /metrics request waiting for every loop's counters.
    var pendingMetricsRequest: (head: HTTPRequestHead, keepAlive: Bool)?

    init(id: UInt64, tcp: TCPConnection, state: ServerLoopState) {
        self.id = id
        self.tcp = tcp
        self.state = state
        parser = HTTPRequestParser(limits: state.configuration.limits)
        tcp.delegate = self
        // A new connection gets the header timeout for its first request, not the longer idle one.
        timer.schedule(after: Nanoseconds.seconds(state.configuration.headerTimeout))
    }

    // MARK: ByteStreamDelegate

    func stream(_ stream: any ByteStream, received bytes: UnsafeMutableRawBufferPointer) -> Int {
        var offset = 0
        while tcp.isOpen {
            // Pipelining backpressure: answer no more requests while the peer isn't reading answers.
            if awaitingResponse || tcp.isOutputFull {
                tcp.pauseReading()
                return offset
            }
            let input = UnsafeRawBufferPointer(UnsafeMutableRawBufferPointer(rebasing: bytes[offset...]))
            if !requestInProgress {
                guard !input.isEmpty else { return offset }
                requestInProgress = true
                timer.schedule(after: Nanoseconds.seconds(state.configuration.headerTimeout))
            }
            let step: HTTPParseStep
            do {
                step = try parser.parse(input)
            } catch {
                respondWithError(error.status, reason: error.reason)
                return bytes.count
            }
            switch step {
            case .needMoreBytes:
                return offset
            case .head(let head, let consumed):
                offset += consumed
                request = head
                if head.bodyFraming != .none && head.headers.containsToken("100-continue", in: "expect") {
                    // No route takes a body: answer now instead of inviting it (RFC 9110 §10.1.1),
                    // and close, since the body the client may still send is never read.
                    closeAfterResponse = true
                    request = nil
                    respond(to: head)
                    return bytes.count
                }
            case .body(_, let consumed):
                offset += consumed  // no route takes a body: it is read (to keep the stream in sync) and dropped
            case .end(let consumed):
                offset += consumed
                guard let head = request else { return offset }
                request = nil
                respond(to: head)
                // After an upgrade the stream belongs to the WebSocket: it gets the bytes that follow.
                if tcp.delegate !== self { return offset }
            }
        }
        return tcp.isOpen ? offset : bytes.count
    }

    func streamReachedEndOfInput(_ stream: any ByteStream) {
        // A half-closed peer still gets the response in progress, then the connection closes.
        if requestInProgress && awaitingResponse {
            closeAfterResponse = true
        } else {
            tcp.closeAfterFlush()
        }
    }

    func streamBecameWritable(_ stream: any ByteStream) {
        if !awaitingResponse { tcp.resumeReading() }
    }

    func streamClosed(_ stream: any ByteStream, error: (any Error)?) {
        timer.cancel()
        state.connectionClosed(self)
    }

    // MARK: Lifecycle

    /// Called when the server starts draining: an idle connection closes now, a busy one after
    /// its current response.
    func drain() {
        if requestInProgress {
            closeAfterResponse = true
        } else {
            tcp.close()
        }
    }

    private func timedOut() {
        guard tcp.isOpen else { return }
        if requestInProgress && !awaitingResponse && request == nil {
            // RFC 9110 §15.5.9: the client took too long to send its request.
            respondWithError(.requestTimeout, reason: "the request did not arrive in time")
        } else {
            tcp.close()  // idle keep-alive, or a peer that stopped reading its response
        }
    }

    /// Called after a response is fully queued.
    func responseQueued(keepAlive: Bool) {
        requestInProgress = false
        awaitingResponse = false
        if !keepAlive || closeAfterResponse || state.draining {
            tcp.closeAfterFlush()
            return
        }
        timer.schedule(after: Nanoseconds.seconds(state.configuration.keepAliveTimeout))
    }

    /// Continues with pipelined requests after an asynchronous response.
    func resumeAfterAsyncResponse() {
        guard tcp.isOpen else { return }
        tcp.resumeReading()
    }

    func beginAsyncResponse() {
        awaitingResponse = true
    }
}

@available(*, unavailable, message: "a ServerConnection belongs to one loop thread")
extension ServerConnection: Sendable {}
