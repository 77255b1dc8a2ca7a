// The transport seam: a loop-confined, ordered, reliable byte stream (plain TCP now, TLS later).
import Buffers

/// A connection's bytes as the protocol above sees them, whatever carries them (TCPConnection,
/// and a TLS stream over it). Loop-confined. Writes queue without a syscall and leave in one
/// gathered write once the current event is handled.
public protocol ByteStream: AnyObject {
    var context: LoopContext { get }
    /// The protocol above; released when the stream closes.
    var delegate: (any ByteStreamDelegate)? { get set }
    var isOpen: Bool { get }
    /// True while queued output is above the high watermark: stop producing for this peer.
    var isOutputFull: Bool { get }
    var bufferedOutputBytes: Int { get }
    /// Unconsumed input beyond this pauses reading until the delegate consumes some. A protocol
    /// that needs whole frames raises it to its largest frame.
    var maxInboundBytes: Int { get set }
    /// Bytes read from and written to the network over the stream's life (for metrics).
    var bytesTransferred: (read: Int, written: Int) { get }

    func write(_ bytes: UnsafeRawBufferPointer)
    /// Lets `body` append to the output queue directly (header and payload of a frame in one pass).
    func withOutboundQueue(_ body: (inout OutboundQueue) -> Void)
    /// Backpressure: stop delivering input until `resumeReading`.
    func pauseReading()
    func resumeReading()
    /// Sends what is queued, then closes.
    func closeAfterFlush()
    /// Closes now; idempotent. The delegate hears `streamClosed` once.
    func close(error: (any Error)?)
}

/// What a ByteStream tells the protocol above it. All calls happen on the stream's loop.
public protocol ByteStreamDelegate: AnyObject {
    /// `bytes` holds every byte received and not yet consumed, oldest first; they belong to the
    /// stream's buffers, so the delegate may rewrite them in place (unmasking). Return how many
    /// were consumed; the rest is offered again, extended, after the next read. If the delegate
    /// hands the stream to a new delegate (an upgrade), the rest is offered to it at once.
    func stream(_ stream: any ByteStream, received bytes: UnsafeMutableRawBufferPointer) -> Int
    /// An outgoing stream (`TCPConnection.connect`) completed its handshake.
    func streamEstablished(_ stream: any ByteStream)
    /// The peer will send nothing more (EOF). The stream stays open for writing.
    func streamReachedEndOfInput(_ stream: any ByteStream)
    /// Queued output fell below the low watermark after having passed the high one.
    func streamBecameWritable(_ stream: any ByteStream)
    /// The stream is closed; the last call. `error` is nil for an orderly close.
    func streamClosed(_ stream: any ByteStream, error: (any Error)?)
}

extension ByteStreamDelegate {
    public func streamEstablished(_ stream: any ByteStream) {}
}
