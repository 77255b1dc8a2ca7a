// The read half of TLSStream: ciphertext from the lower stream, handshake, decryption, delivery, pausing.
import Buffers
import Reactor

extension TLSStream {
    /// At most this much is decrypted into the spill before it is offered (a few records).
    static let decryptChunk = 64 * 1024

    /// Ciphertext from the lower stream. Returns how much OpenSSL took; while reading is paused
    /// that is nothing, and the lower stream keeps the bytes (it was paused too).
    public func stream(_ stream: any ByteStream, received ciphertext: UnsafeMutableRawBufferPointer) -> Int {
        switch phase {
        case .closed:
            return ciphertext.count
        case .connecting:
            return 0
        case .established where receivedCloseNotify || closingAfterFlush:
            return ciphertext.count  // nothing more is delivered: discard
        case .established where readingPaused:
            return 0
        case .handshaking, .established:
            break
        }
        guard !isDelivering else { return 0 }  // offered again by the lower stream while we deliver
        isDelivering = true
        let consumed = engine.withInput(UnsafeRawBufferPointer(ciphertext)) { advance() }
        isDelivering = false
        if writeNeedsInput, phase == .established {
            writeNeedsInput = false
            requestFlush()
        }
        return consumed
    }

    /// Moves the session on with the engine's current input: finish the handshake, then decrypt.
    func advance() {
        if phase == .handshaking {
            switch engine.handshake() {
            case .needsInput:
                return
            case .failed(let error):
                return fail(error)
            case .complete:
                completeHandshake()
            }
        }
        decryptAndDeliver()
    }

    private func completeHandshake() {
        phase = .established
        handshakeTimer?.cancel()
        handshakeTimer = nil
        negotiatedALPN = engine.negotiatedALPN
        protocolVersion = engine.protocolVersion
        sessionReused = engine.sessionReused
        // Paused before the handshake: the handshake went on; the plaintext waits from here.
        if readingPaused { lower.pauseReading() }
        if !plaintext.isEmpty || closingAfterFlush { requestFlush() }
        delegate?.streamEstablished(self)
    }

    // MARK: Decrypting and delivering

    /// Decrypts what the engine can and offers it, until OpenSSL needs more ciphertext, reading
    /// is paused, or the stream ends.
    func decryptAndDeliver() {
        while phase == .established, !readingPaused, !closingAfterFlush, !receivedCloseNotify {
            var ending: TLSReadStep?
            let produced: Int
            if inbound.isEmpty, let scratch = TLSReceiveScratch.claim(in: context) {
                produced = decrypt(into: scratch.buffer, ending: &ending)
                if produced > 0 { deliverFresh(UnsafeMutableRawBufferPointer(rebasing: scratch.buffer[0..<produced])) }
                scratch.release()
            } else {
                produced = inbound.write(minimumCapacity: Self.decryptChunk) { room in
                    decrypt(into: UnsafeMutableRawBufferPointer(rebasing: room.prefix(Self.decryptChunk)), ending: &ending)
                }
                if produced > 0 { deliverSpill() }
            }
            switch ending {
            case .closeNotify?:
                receivedCloseNotify = true
                reportEndOfInput()
                return
            case .failed(let error)?:
                return fail(error)  // after delivering what was decrypted before the failure
            default:
                if produced == 0 { return }
            }
        }
    }

    /// Fills `buffer` with plaintext until OpenSSL needs more input; a close_notify or a failure
    /// ends the fill and is left in `ending`.
    private func decrypt(into buffer: UnsafeMutableRawBufferPointer, ending: inout TLSReadStep?) -> Int {
        var filled = 0
        while filled < buffer.count {
            switch engine.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...])) {
            case .plaintext(let count):
                filled += count
            case .needsInput:
                return filled
            case let other:
                ending = other
                return filled
            }
        }
        return filled
    }

    /// Plaintext in the loop's scratch while the spill is empty: offer it in place, keep the rest.
    private func deliverFresh(_ bytes: UnsafeMutableRawBufferPointer) {
        let consumed = offer(bytes)
        if consumed < bytes.count, phase != .closed {
            inbound.append(UnsafeRawBufferPointer(rebasing: bytes[consumed...]))
            limitInbound()
        }
    }

    func deliverSpill() {
        let consumed = offer(inbound.mutableReadableBytes)
        if phase == .closed { return }
        inbound.consume(consumed)
        limitInbound()
    }

    /// Offers `bytes` to the delegate, and again to a new delegate installed during the call (an
    /// upgrade from HTTP to WebSocket), so bytes that arrived with the upgrade are not stranded.
    private func offer(_ bytes: UnsafeMutableRawBufferPointer) -> Int {
        var consumed = 0
        while let current = delegate, phase != .closed {
            consumed += current.stream(self, received: UnsafeMutableRawBufferPointer(rebasing: bytes[consumed...]))
            guard consumed < bytes.count, let next = delegate, next !== current, !readingPaused else { break }
        }
        return consumed
    }

    private func limitInbound() {
        if inbound.readableCount >= maxInboundBytes { pauseReading() }
    }

    func reportEndOfInput() {
        guard !reportedEndOfInput, !readingPaused, phase == .established, !closingAfterFlush else { return }
        reportedEndOfInput = true
        delegate?.streamReachedEndOfInput(self)
    }

    // MARK: Backpressure

    /// Stops delivering plaintext and pauses the lower stream, so ciphertext stays in the kernel.
    /// A handshake in progress carries on; its plaintext waits.
    public func pauseReading() {
        guard !readingPaused else { return }
        readingPaused = true
        if phase == .established { lower.pauseReading() }
    }

    /// Resumes: first the plaintext left over, then what OpenSSL holds, then the lower stream.
    public func resumeReading() {
        guard readingPaused, phase != .closed, !closingAfterFlush else { return }
        readingPaused = false
        guard phase == .established else { return }
        if isDelivering {
            // Resuming the lower stream from inside its own delivery would re-enter it: the
            // delivery in progress goes on, and the rest happens before the loop sleeps.
            resumeDeferred = true
            requestFlush()
            return
        }
        resumeDelivery()
    }

    func resumeDelivery() {
        isDelivering = true
        if !inbound.isEmpty { deliverSpill() }
        if phase == .established, !readingPaused {
            // Records OpenSSL had read, or partly decrypted, before the pause.
            _ = engine.withInput(UnsafeRawBufferPointer(start: nil, count: 0)) { decryptAndDeliver() }
        }
        isDelivering = false
        guard phase == .established, !readingPaused, !closingAfterFlush else { return }
        if receivedCloseNotify { return reportEndOfInput() }
        if lowerEnded { return fail(Self.truncation) }
        lower.resumeReading()
    }
}
