// The write half of TCPConnection: queue now, gather into one writev once the current event is handled.
#if canImport(Glibc)
import Glibc
#endif
import Buffers
import Posix

extension TCPConnection {
    /// Queues a copy of `bytes`. No syscall happens here; the loop flushes before it sleeps.
    public func write(_ bytes: UnsafeRawBufferPointer) {
        guard acceptsWrites else { return }
        outbound.append(bytes)
        queued()
    }

    public func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { write($0) }
    }

    /// Queues shared immutable bytes without copying them.
    public func write(shared: SharedBytes) {
        guard acceptsWrites else { return }
        outbound.append(shared: shared)
        queued()
    }

    /// Lets `body` serialise straight into the output queue (`minimumCapacity` bytes of room).
    public func write(minimumCapacity: Int, _ body: (UnsafeMutableRawBufferPointer) -> Int) {
        guard acceptsWrites else { return }
        outbound.writeTail(minimumCapacity: minimumCapacity, body)
        queued()
    }

    /// Lets `body` append to the output queue directly (a frame encoder writing header and payload).
    public func withOutboundQueue(_ body: (inout OutboundQueue) -> Void) {
        guard acceptsWrites else { return }
        body(&outbound)
        queued()
    }

    /// Queues `count` bytes of an open file from `offset`; the connection closes `descriptor` when done.
    public func write(file descriptor: Int32, offset: Int, count: Int) {
        guard acceptsWrites else {
            Glibc.close(descriptor)
            return
        }
        outbound.append(file: FileRegion(descriptor: descriptor, offset: offset, count: count))
        queued()
    }

    /// Output may be queued while open, and while connecting (it leaves once connected).
    private var acceptsWrites: Bool { state == .open || state == .connecting }

    private func queued() {
        if isOutputFull { passedHighWatermark = true }
        if !awaitingFlush && !writeBlocked {
            awaitingFlush = true
            context.flushBeforeSleep(self)
        }
    }

    public func flushBeforeSleep() {
        awaitingFlush = false
        if state != .closed && state != .connecting && !writeBlocked { flushNow() }
    }

    /// Writes as much queued output as the socket takes now.
    func flushNow() {
        let vectorCapacity = 64
        let finished: Bool = withUnsafeTemporaryAllocation(of: iovec.self, capacity: vectorCapacity) { vectors in
            while !outbound.isEmpty {
                let outcome: WriteOutcome
                if let file = outbound.frontFile {
                    var offset = file.offset
                    outcome = ByteIO.sendfile(to: descriptor, from: file.descriptor, offset: &offset, count: file.count)
                    if case .wrote(let count) = outcome {
                        if count == 0 {
                            // The file shrank under us: what was promised can no longer be sent.
                            close(error: SystemCallError("sendfile (file truncated)", errno: EIO))
                            return false
                        }
                        bytesWritten += count
                        if let done = outbound.advanceFile(by: count) { Glibc.close(done.descriptor) }
                        continue
                    }
                } else {
                    let filled = outbound.gather(into: vectors)
                    // A file body follows: hint the kernel so the head does not leave as its own segment.
                    outcome = outbound.queuedFiles > 0
                        ? ByteIO.writevMore(descriptor, vectors.baseAddress!, count: Int32(filled))
                        : ByteIO.writev(descriptor, vectors.baseAddress!, count: Int32(filled))
                    if case .wrote(let count) = outcome {
                        bytesWritten += count
                        outbound.consume(count)
                        continue
                    }
                }
                switch outcome {
                case .wouldBlock:
                    writeBlocked = true
                    updateInterest()
                    return false
                case .failed(let error):
                    close(error: error)
                    return false
                case .wrote:
                    continue
                }
            }
            return true
        }
        guard state != .closed else { return }
        if finished, writeBlocked == false {
            updateInterest()
        }
        if passedHighWatermark && isBelowLowWatermark {
            passedHighWatermark = false
            if state == .open { delegate?.streamBecameWritable(self) }
        }
        if finished && state == .closingAfterFlush { beginLinger() }
    }
}
