// One plaintext buffer per loop, so TLS streams with nothing left over hold no receive buffer.
import Reactor

/// Where a TLS stream with an empty spill decrypts, as TCPConnection reads into the loop's
/// `receiveBuffer` (which cannot be shared: it may hold the very ciphertext being decrypted).
/// A delegate can make a second stream deliver while the first is still offering from here;
/// that stream finds the scratch taken and decrypts into its own spill instead. Loop-confined.
final class TLSReceiveScratch {
    let buffer: UnsafeMutableRawBufferPointer
    private var inUse = false

    private init() {
        buffer = .allocate(byteCount: TLSStream.decryptChunk, alignment: 16)
    }

    deinit { buffer.deallocate() }

    /// The loop's scratch, marked in use, or nil if another stream is using it.
    static func claim(in context: LoopContext) -> TLSReceiveScratch? {
        let scratch: TLSReceiveScratch
        if let existing = context.attachment(TLSReceiveScratch.self) {
            scratch = existing
        } else {
            scratch = TLSReceiveScratch()
            context.setAttachment(scratch, for: TLSReceiveScratch.self)
        }
        if scratch.inUse { return nil }
        scratch.inUse = true
        return scratch
    }

    func release() { inUse = false }
}

@available(*, unavailable, message: "a TLSReceiveScratch belongs to one loop thread")
extension TLSReceiveScratch: Sendable {}
