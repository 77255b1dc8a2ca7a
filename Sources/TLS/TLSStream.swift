// TLS as a ByteStream over another ByteStream (a TCPConnection): both roles, one loop, no extra thread.
#if canImport(Glibc)
import Glibc
#endif
import Buffers
import Posix
import Reactor

// How OpenSSL's wants map onto the lower stream and its epoll interest
// --------------------------------------------------------------------
// The engine never touches the socket. The lower stream (a TCPConnection) owns the descriptor,
// its EPOLLIN/EPOLLOUT interest, its receive spill and its output queue; this stream is its
// delegate and drives OpenSSL from the lower stream's callbacks.
//
// - SSL_ERROR_WANT_READ (handshake, read or write): OpenSSL consumed every ciphertext byte it was
//   offered and needs the rest of a record. Nothing to do: the lower stream keeps EPOLLIN armed and
//   offers the next bytes when they arrive (`stream(_:received:)`).
// - SSL_ERROR_WANT_WRITE: never happens. The engine's BIO appends every record OpenSSL writes to
//   the lower stream's OutboundQueue at once (no copy through a memory BIO); the lower stream
//   sends it with one writev before the loop sleeps and arms EPOLLOUT only after a short write.
//   Handshake flights, alerts and close_notify leave the same way.
// - Plaintext written here is queued and encrypted once per handled event (`flushBeforeSleep`),
//   so small writes coalesce into full records. The loop runs flushes until none is pending, so the
//   lower stream's own flush, which our encryption requested, still runs before epoll_wait.
// - Backpressure out: `isOutputFull` is true while unencrypted plaintext passes `highWatermark`
//   or the lower stream's queue is above its high watermark; `streamBecameWritable` follows the
//   lower stream's once it drains below its low watermark.
// - Backpressure in: `pauseReading` stops decrypting and pauses the lower stream (EPOLLIN off),
//   so ciphertext stays in the kernel and the peer's TCP window closes. Ciphertext the lower stream
//   had already read stays in its spill, unconsumed; plaintext decrypted but not consumed by the
//   delegate stays in ours. Ours pauses reading at `maxInboundBytes`, as TCPConnection does, so
//   memory per stream is bounded by the two limits plus OpenSSL's one-record buffer.
//
// End of input: a close_notify from the peer is `streamReachedEndOfInput` (the stream stays
// writable). A TCP EOF without close_notify is truncation (RFC 8446 §6.1): this layer cannot know
// whether the protocol above was at a message boundary, so it always closes with
// `TLSError.Kind.truncated` after delivering every byte received before it. A protocol that knows
// its last message was complete (a WebSocket close handshake, an HTTP body of known length) may
// ignore that error. Errors of the lower stream itself (refused, reset) pass through unchanged.

/// A TLS connection on one loop, layered over a lower `ByteStream` whose delegate it becomes.
/// Its delegate sees exactly what a TCPConnection's sees, in plaintext: `streamEstablished` once
/// the TLS handshake completes (both roles), decrypted input, end of input on close_notify, and
/// `streamClosed` once. Writes made before the handshake completes are sent after it, in order.
///
/// ```swift
/// let stream = try TLSStream.connect(to: address, serverName: "example.openai.azure.com",
///                                    configuration: tls, context: context,
///                                    timeout: Nanoseconds.seconds(10), delegate: upgrader)
/// stream.write(requestHead)   // queued; encrypted and sent after the handshake
/// ```
public final class TLSStream: ByteStream, ByteStreamDelegate, LoopFlushable {
    public let context: LoopContext
    /// The stream carrying the ciphertext (usually a TCPConnection); this stream is its delegate.
    public let lower: any ByteStream
    /// The protocol above; released when the stream closes.
    public var delegate: (any ByteStreamDelegate)?
    let engine: TLSEngine

    /// Unencrypted output above this makes the stream full (it only accumulates before the
    /// handshake completes, or within one loop iteration).
    public var highWatermark = 256 * 1024
    /// Decrypted input the delegate has not consumed beyond this pauses reading until it consumes some.
    public var maxInboundBytes = 1024 * 1024

    /// The ALPN protocol the handshake settled on, if any (set when established).
    public internal(set) var negotiatedALPN: String?
    /// The negotiated protocol, "TLSv1.2" or "TLSv1.3"; empty until established.
    public internal(set) var protocolVersion = ""
    /// The handshake resumed a session from an earlier connection (see `connect`); set when established.
    public internal(set) var sessionReused = false

    enum Phase { case connecting, handshaking, established, closed }
    var phase: Phase
    var inbound = ReadBuffer()
    var plaintext = OutboundQueue()
    var readingPaused = false
    /// `closeAfterFlush` was called: nothing more is delivered or accepted; close_notify follows the queue.
    var closingAfterFlush = false
    var sentCloseNotify = false
    var receivedCloseNotify = false
    var reportedEndOfInput = false
    /// The lower stream ended (without close_notify) while reading was paused.
    var lowerEnded = false
    /// True while plaintext is being offered to the delegate (guards against re-entry).
    var isDelivering = false
    /// `resumeReading` was called during a delivery; it is completed before the loop sleeps.
    var resumeDeferred = false
    var awaitingFlush = false
    var passedHighWatermark = false
    /// OpenSSL asked for input before it could encrypt more (it never does without renegotiation).
    var writeNeedsInput = false
    var handshakeTimer: LoopTimer?

    /// Starts TLS over `lower`, which must be open or connecting; this stream becomes its delegate.
    /// A client needs `serverName` (a DNS name or an IP literal) to verify the server's certificate;
    /// over an open lower stream it sends its ClientHello at once. A server waits for the client's.
    public convenience init(over lower: any ByteStream, configuration: TLSConfiguration, serverName: String? = nil,
                            delegate: any ByteStreamDelegate) throws(TLSError) {
        try self.init(over: lower, configuration: configuration, serverName: serverName, resumingFor: nil,
                      delegate: delegate)
    }

    /// With `resumingFor` (a client's server port), offers and keeps sessions in the loop's TLSSessionCache.
    init(over lower: any ByteStream, configuration: TLSConfiguration, serverName: String?, resumingFor port: Int?,
         delegate: any ByteStreamDelegate) throws(TLSError) {
        let engine = TLSEngine(configuration: configuration)
        if configuration.role == .client { try engine.expect(serverName: serverName ?? "") }
        if configuration.role == .client, let port, let serverName {
            engine.resumeSessions(with: TLSSessionCache.of(lower.context),
                                  key: TLSSessionCache.Key(serverName: serverName, port: port, configuration: configuration))
        }
        engine.output = { [lower] ciphertext in lower.write(ciphertext) }
        self.context = lower.context
        self.lower = lower
        self.engine = engine
        self.delegate = delegate
        phase = lower.isOpen ? .handshaking : .connecting
        if phase == .handshaking, configuration.role == .client, case .failed(let error) = engine.handshake() {
            throw error
        }
        lower.delegate = self
    }

    public var role: TLSRole { engine.configuration.role }
    /// Client: the name the server's certificate is checked against. Server: the name the
    /// client sent as SNI, or nil when it sent none (it connected to an IP address).
    public var serverName: String? {
        role == .client ? engine.serverIdentity?.text : engine.receivedServerName
    }

    public var isOpen: Bool { phase == .established && !closingAfterFlush }
    /// True while unencrypted plaintext is above `highWatermark` or the lower stream is full: stop
    /// producing until `streamBecameWritable`. (Not a sum of the two: the lower stream announces
    /// draining only after passing its own high watermark, so a sum could wait for a call that
    /// never comes.)
    public var isOutputFull: Bool { plaintext.bufferedBytes >= highWatermark || lower.isOutputFull }
    /// Plaintext not yet encrypted plus ciphertext the lower stream has not yet sent.
    public var bufferedOutputBytes: Int { plaintext.bufferedBytes + lower.bufferedOutputBytes }
    /// Decrypted input the delegate has not consumed yet.
    public var bufferedInputBytes: Int { inbound.readableCount }
    /// The lower stream's counts: bytes on the wire, TLS overhead included.
    public var bytesTransferred: (read: Int, written: Int) { lower.bytesTransferred }

    // MARK: The lower stream's events

    public func streamEstablished(_ stream: any ByteStream) {
        guard phase == .connecting else { return }
        phase = .handshaking
        _ = engine.withInput(UnsafeRawBufferPointer(start: nil, count: 0)) { advance() }
    }

    public func streamReachedEndOfInput(_ stream: any ByteStream) {
        switch phase {
        case .connecting, .handshaking:
            fail(Self.closedDuringHandshake)
        case .established:
            if receivedCloseNotify || closingAfterFlush { return }
            lowerEnded = true
            // While paused, bytes decrypted before the EOF are still waiting for the delegate.
            if !readingPaused { fail(Self.truncation) }
        case .closed:
            return
        }
    }

    public func streamBecameWritable(_ stream: any ByteStream) {
        notifyWritableIfDrained()
    }

    public func streamClosed(_ stream: any ByteStream, error: (any Error)?) {
        switch phase {
        case .closed:
            return
        case .connecting, .handshaking:
            finish(error: error ?? Self.closedDuringHandshake, flushingLower: false)
        case .established:
            let orderly = receivedCloseNotify || closingAfterFlush
            finish(error: error ?? (orderly ? nil : Self.truncation), flushingLower: false)
        }
    }

    // MARK: Closing

    /// Closes now, without close_notify (use `closeAfterFlush` for an orderly close). Idempotent;
    /// the delegate hears `streamClosed` exactly once.
    public func close(error: (any Error)? = nil) {
        finish(error: error, flushingLower: false)
    }

    /// Ends the stream because TLS failed. Alerts OpenSSL queued for the peer still go out.
    func fail(_ error: TLSError) {
        finish(error: error, flushingLower: true)
    }

    private func finish(error: (any Error)?, flushingLower: Bool) {
        guard phase != .closed else { return }
        phase = .closed
        handshakeTimer?.cancel()
        handshakeTimer = nil
        for file in plaintext.removeAll() { Glibc.close(file.descriptor) }
        lower.delegate = nil
        if flushingLower && lower.isOpen { lower.closeAfterFlush() } else { lower.close(error: nil) }
        let delegate = self.delegate
        self.delegate = nil
        delegate?.streamClosed(self, error: error)
    }

    static let closedDuringHandshake = TLSError(
        kind: .handshakeFailed, message: "TLS handshake failed: the peer closed the connection during the handshake")
    static let truncation = TLSError(
        kind: .truncated,
        message: "TLS connection truncated: the peer closed the connection without a close_notify, so the data may be incomplete")
}

@available(*, unavailable, message: "a TLSStream belongs to one loop thread")
extension TLSStream: Sendable {}
