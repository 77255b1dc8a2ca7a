// The write half of TLSStream: queue plaintext, encrypt it once per handled event, close with close_notify.
#if canImport(Glibc)
import Glibc
#endif
import Buffers
import Posix
import Reactor

extension TLSStream {
    /// Queues a copy of `bytes`; it is encrypted before the loop sleeps (after the handshake).
    public func write(_ bytes: UnsafeRawBufferPointer) {
        guard acceptsWrites else { return }
        plaintext.append(bytes)
        queued()
    }

    public func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { write($0) }
    }

    /// Lets `body` append plaintext to the output queue directly. File regions are read and
    /// encrypted in 16 KB pieces (TLS cannot use sendfile); the stream closes their descriptors.
    public func withOutboundQueue(_ body: (inout OutboundQueue) -> Void) {
        guard acceptsWrites else { return }
        body(&plaintext)
        queued()
    }

    /// Output may be queued while connecting and handshaking too; it leaves once established.
    private var acceptsWrites: Bool { phase != .closed && !closingAfterFlush }

    private func queued() {
        if isOutputFull { passedHighWatermark = true }
        requestFlush()
    }

    func requestFlush() {
        guard !awaitingFlush else { return }
        awaitingFlush = true
        context.flushBeforeSleep(self)
    }

    /// Sends what is queued, then close_notify, then closes the lower stream after its flush.
    /// Before the handshake completes, all of that waits for it.
    public func closeAfterFlush() {
        guard phase != .closed, !closingAfterFlush else { return }
        closingAfterFlush = true
        if phase == .established { requestFlush() }
    }

    // MARK: Once per loop iteration

    public func flushBeforeSleep() {
        awaitingFlush = false
        if resumeDeferred {
            resumeDeferred = false
            if phase == .established, !readingPaused, !isDelivering { resumeDelivery() }
        }
        guard phase == .established else { return }
        encryptQueued()
        guard phase == .established else { return }
        if closingAfterFlush {
            if plaintext.isEmpty, !sentCloseNotify { sendCloseNotify() }
            return
        }
        notifyWritableIfDrained()
    }

    /// Fires `streamBecameWritable` once the output that made the stream full has drained. If the
    /// lower stream is still full it fires its own `streamBecameWritable` later, which lands here.
    func notifyWritableIfDrained() {
        guard passedHighWatermark, !isOutputFull else { return }
        passedHighWatermark = false
        if isOpen { delegate?.streamBecameWritable(self) }
    }

    private func sendCloseNotify() {
        sentCloseNotify = true
        engine.shutdown()
        // The lower stream sends the queue, shuts down its side, and lingers until the peer
        // closes; its streamClosed then closes this stream.
        if lower.isOpen { lower.closeAfterFlush() } else { lower.close(error: nil) }
    }

    // MARK: Encrypting

    /// Encrypts all queued plaintext into the lower stream's output queue.
    private func encryptQueued() {
        while !plaintext.isEmpty, phase == .established {
            if let file = plaintext.frontFile {
                guard encryptPiece(of: file) else { return }
                continue
            }
            var failure: TLSError?
            let written = withUnsafeTemporaryAllocation(of: iovec.self, capacity: 16) { vectors -> Int in
                let filled = plaintext.gather(into: vectors)
                var written = 0
                for vector in vectors[0..<filled] {
                    let bytes = UnsafeRawBufferPointer(start: vector.iov_base, count: vector.iov_len)
                    switch engine.write(bytes) {
                    case .wrote(let count):
                        written += count
                        if count < bytes.count { return written }
                    case .needsInput:
                        writeNeedsInput = true
                        return written
                    case .failed(let error):
                        failure = error
                        return written
                    }
                }
                return written
            }
            if let failure { return fail(failure) }
            plaintext.consume(written)
            if writeNeedsInput { return }
        }
    }

    /// Reads and encrypts up to 16 KB (one record) of a queued file region. False when it failed.
    private func encryptPiece(of file: FileRegion) -> Bool {
        let pieceSize = 16 * 1024
        return withUnsafeTemporaryAllocation(byteCount: pieceSize, alignment: 16) { buffer -> Bool in
            let count = pread(file.descriptor, buffer.baseAddress, min(pieceSize, file.count), off_t(file.offset))
            guard count > 0 else {
                // A file that shrank under us can no longer deliver what was promised.
                close(error: SystemCallError("pread (queued file)", errno: count == 0 ? EIO : errno))
                return false
            }
            switch engine.write(UnsafeRawBufferPointer(rebasing: buffer[0..<count])) {
            case .wrote(let written):
                if let done = plaintext.advanceFile(by: written) { Glibc.close(done.descriptor) }
                return true
            case .needsInput:
                writeNeedsInput = true
                return false
            case .failed(let error):
                fail(error)
                return false
            }
        }
    }
}
