// One accepted (or connected) TCP socket on its loop: reads into a spill buffer, queued writes, one exit.
#if canImport(Glibc)
import Glibc
#endif
import Buffers
import CLinux
import Posix

/// A non-blocking TCP socket owned by one loop. Output is queued and flushed once per handled event
/// with `writev`/`sendfile`; EPOLLOUT is armed only while a write came up short.
public final class TCPConnection: ByteStream, LoopHandler, LoopFlushable {
    public let context: LoopContext
    public let descriptor: Int32
    public let peer: SocketAddress
    /// The protocol above; released when the connection closes (breaking the reference cycle).
    public var delegate: (any ByteStreamDelegate)?

    var inbound = ReadBuffer()
    var outbound: OutboundQueue
    /// Queued output above this is "too much": the delegate should stop producing (pause its source).
    public var highWatermark = 256 * 1024
    /// After passing `highWatermark`, `streamBecameWritable` fires once output drops below this.
    public var lowWatermark = 64 * 1024
    /// Queued file responses beyond this count as "too much" too: each holds an open descriptor.
    public var maxQueuedFiles = 2
    /// Unconsumed input beyond this pauses reading until the delegate consumes some.
    public var maxInboundBytes = 1024 * 1024

    enum State { case connecting, open, closingAfterFlush, lingering, closed }
    var state = State.open
    var readingPaused = false
    /// True while the delegate is being offered bytes (`offer`), to catch re-entrant resumes.
    var delivering = false
    var resumedDuringDelivery = false
    var endOfInput = false
    var awaitingFlush = false
    var passedHighWatermark = false
    var writeBlocked = false
    var lingerTimer: LoopTimer?
    var connectTimer: LoopTimer?
    /// Bytes read and written over the connection's life (for metrics).
    public private(set) var bytesRead = 0
    public internal(set) var bytesWritten = 0
    public var bytesTransferred: (read: Int, written: Int) { (bytesRead, bytesWritten) }

    /// Wraps an accepted socket and starts reading from it.
    public convenience init(context: LoopContext, descriptor: Int32, peer: SocketAddress) throws(SystemCallError) {
        try self.init(context: context, descriptor: descriptor, peer: peer, connecting: false)
    }

    init(context: LoopContext, descriptor: Int32, peer: SocketAddress, connecting: Bool) throws(SystemCallError) {
        self.context = context
        self.descriptor = descriptor
        self.peer = peer
        outbound = OutboundQueue(pool: context.chunkPool)
        state = connecting ? .connecting : .open
        Socket.setNoDelay(descriptor)
        // A connecting socket becomes writable when the TCP handshake completes (or fails).
        try context.register(descriptor, interest: connecting ? .writable : .readable, handler: self)
    }

    public var isOpen: Bool { state == .open }
    /// Memory bytes queued for the peer.
    public var bufferedOutputBytes: Int { outbound.bufferedBytes }
    /// True while queued output is above the high watermark: stop producing for this peer.
    public var isOutputFull: Bool {
        outbound.bufferedBytes >= highWatermark || outbound.queuedFiles >= maxQueuedFiles
    }

    var isBelowLowWatermark: Bool {
        outbound.bufferedBytes < lowWatermark && outbound.queuedFiles < maxQueuedFiles
    }

    // MARK: Readiness

    public func handleReadiness(_ readiness: Readiness) {
        if state == .connecting { return finishConnecting() }
        if !readiness.intersection([.error, .hangup]).isEmpty {
            // Reset, or both directions shut: nothing more can be written. epoll reports these even
            // with an empty interest set, so a paused connection must close here or the loop spins.
            let code = Socket.pendingError(descriptor)
            close(error: code == 0 ? nil : SystemCallError("connection", errno: code))
            return
        }
        if readiness.contains(.writable) && state != .closed {
            writeBlocked = false
            flushNow()
        }
        if state != .closed && !readingPaused &&
            !readiness.intersection([.readable, .hangup, .error, .peerHalfClosed]).isEmpty {
            readOnce()
        }
    }

    /// Stops reading (backpressure): bytes stay in the kernel, the peer's window closes.
    public func pauseReading() {
        guard !readingPaused else { return }
        readingPaused = true
        updateInterest()
    }

    /// Resumes reading, first re-offering any unconsumed input to the delegate.
    public func resumeReading() {
        // A connection closing after its last response stays paused: nothing more is parsed.
        guard readingPaused, state == .open else { return }
        readingPaused = false
        updateInterest()
        // Resumed from inside a delivery: the bytes being offered are not consumed yet, so offering
        // them again here would deliver them twice. The delivery re-offers the rest when it returns.
        if delivering {
            resumedDuringDelivery = true
            return
        }
        if !inbound.isEmpty { deliverSpill() }
        if endOfInput, state == .open, !readingPaused { delegate?.streamReachedEndOfInput(self) }
    }

    /// One read per readiness event keeps the loop fair across connections (level-triggered).
    private func readOnce() {
        if state == .lingering { return discardLingeringInput() }
        if endOfInput { return }
        let outcome: ReadOutcome
        if inbound.isEmpty {
            outcome = ByteIO.read(descriptor, into: context.receiveBuffer)
            if case .bytes(let count) = outcome {
                bytesRead += count
                deliverFresh(UnsafeMutableRawBufferPointer(rebasing: context.receiveBuffer[0..<count]))
                return
            }
        } else {
            var result = ReadOutcome.wouldBlock
            _ = inbound.write(minimumCapacity: 16 * 1024) { room in
                result = ByteIO.read(descriptor, into: room)
                if case .bytes(let count) = result { return count }
                return 0
            }
            outcome = result
            if case .bytes(let count) = outcome {
                bytesRead += count
                deliverSpill()
                return
            }
        }
        switch outcome {
        case .bytes, .wouldBlock:
            return
        case .endOfStream:
            endOfInput = true
            updateInterest()
            delegate?.streamReachedEndOfInput(self)
        case .failed(let error):
            close(error: error)
        }
    }

    /// New bytes in the loop's receive buffer while the spill is empty: parse them in place and keep
    /// only what the delegate left.
    private func deliverFresh(_ bytes: UnsafeMutableRawBufferPointer) {
        let consumed = offer(bytes)
        if consumed < bytes.count, state != .closed {
            inbound.append(UnsafeRawBufferPointer(rebasing: bytes[consumed...]))
            limitInbound()
        }
    }

    private func deliverSpill() {
        let consumed = offer(inbound.mutableReadableBytes)
        if state == .closed { return }
        inbound.consume(consumed)
        limitInbound()
    }

    /// Offers `bytes` to the delegate, and again to a new delegate installed during the call (an
    /// upgrade from HTTP to WebSocket), so bytes that arrived with the upgrade are not stranded.
    private func offer(_ bytes: UnsafeMutableRawBufferPointer) -> Int {
        let outer = delivering
        delivering = true
        defer { delivering = outer }
        var consumed = 0
        while let current = delegate, state != .closed {
            resumedDuringDelivery = false
            let taken = current.stream(self, received: UnsafeMutableRawBufferPointer(rebasing: bytes[consumed...]))
            consumed += taken
            guard consumed < bytes.count, !readingPaused, let next = delegate else { break }
            // Offer the rest again to a new delegate (an upgrade), or to the same one when it paused
            // and resumed during the call and had made progress (it stopped early, not for lack of bytes).
            guard next !== current || (resumedDuringDelivery && taken > 0) else { break }
        }
        resumedDuringDelivery = false
        return consumed
    }

    private func limitInbound() {
        if inbound.readableCount >= maxInboundBytes { pauseReading() }
    }

    // MARK: Closing

    /// Closes after queued output is written: shuts down our sending side, then drains and discards
    /// what the peer still sends for a moment, so it reads our last response instead of a reset
    /// (a "lingering close", as nginx does after an error response).
    public func closeAfterFlush() {
        guard state == .open else { return }
        state = .closingAfterFlush
        readingPaused = true
        if outbound.isEmpty { beginLinger() } else { updateInterest() }
    }

    /// Closes now. Idempotent; the delegate hears `streamClosed` exactly once.
    public func close(error: (any Error)? = nil) {
        guard state != .closed else { return }
        state = .closed
        lingerTimer?.cancel()
        lingerTimer = nil
        connectTimer?.cancel()
        connectTimer = nil
        context.deregister(descriptor)
        for file in outbound.removeAll() { Glibc.close(file.descriptor) }
        Glibc.close(descriptor)
        let delegate = self.delegate
        self.delegate = nil
        delegate?.streamClosed(self, error: error)
    }

    func beginLinger() {
        guard state == .open || state == .closingAfterFlush else { return }
        state = .lingering
        shutdown(descriptor, Int32(SHUT_WR))
        readingPaused = false
        updateInterest()
        let timer = LoopTimer(context: context) { [weak self] in self?.close() }
        timer.schedule(after: Nanoseconds.seconds(2))
        lingerTimer = timer
    }

    private func discardLingeringInput() {
        switch ByteIO.read(descriptor, into: context.receiveBuffer) {
        case .bytes(let count):
            bytesRead += count
            if bytesRead > 64 * 1024 * 1024 { close() }  // a peer that never stops sending
        case .wouldBlock: break
        case .endOfStream, .failed: close()
        }
    }

    func updateInterest() {
        guard state != .closed, state != .connecting else { return }
        var interest: Interest = []
        if !readingPaused && !endOfInput { interest.insert(.readable) }
        if writeBlocked { interest.insert(.writable) }
        context.setInterest(interest, for: descriptor)
    }
}

@available(*, unavailable, message: "a TCPConnection belongs to one loop thread")
extension TCPConnection: Sendable {}
