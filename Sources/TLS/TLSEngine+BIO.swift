// The BIO between OpenSSL and a TLSEngine: reads from the engine's input window, writes to its sink.
import COpenSSL

// Why not a pair of memory BIOs (BIO_s_mem)? With them every byte is copied twice more: received
// ciphertext into the read BIO before OpenSSL copies it into its record buffer, and produced
// ciphertext into the write BIO before it is copied again into the socket's output queue. This
// BIO reads straight from the bytes the lower stream offered (whatever OpenSSL does not take
// stays in the lower stream's buffer, bounded by its maxInboundBytes), and writes each record
// straight into the lower stream's OutboundQueue. Writes always succeed, so OpenSSL never
// reports SSL_ERROR_WANT_WRITE; reads with no input left report "retry", which OpenSSL turns
// into SSL_ERROR_WANT_READ.

extension TLSEngine {
    func attachBIO() {
        guard let bio = BIO_new(engineBIOMethod.pointer) else { fatalError("BIO_new failed: out of memory") }
        // Unretained: the BIO belongs to `ssl`, which this engine frees in its deinit.
        BIO_set_data(bio, Unmanaged.passUnretained(self).toOpaque())
        BIO_set_init(bio, 1)
        SSL_set_bio(ssl, bio, bio)  // one reference, used for both directions, now owned by ssl
    }
}

/// The BIO_METHOD, created once per process.
private let engineBIOMethod = EngineBIOMethod()

private final class EngineBIOMethod: Sendable {
    // nonisolated(unsafe): set up once here, then only read; OpenSSL never modifies a BIO_METHOD.
    nonisolated(unsafe) let pointer: OpaquePointer

    init() {
        guard let method = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "realtime-relay TLS engine") else {
            fatalError("BIO_meth_new failed: out of memory")
        }
        BIO_meth_set_read(method) { bio, buffer, length in
            guard let bio, let buffer, length > 0 else { return 0 }
            COpenSSL_BIO_clear_retry_flags(bio)
            let engine = Unmanaged<TLSEngine>.fromOpaque(BIO_get_data(bio)).takeUnretainedValue()
            let count = engine.takeInput(into: UnsafeMutableRawBufferPointer(start: buffer, count: Int(length)))
            if count == 0 {
                COpenSSL_BIO_set_retry_read(bio)
                return -1
            }
            return Int32(count)
        }
        BIO_meth_set_write(method) { bio, bytes, length in
            guard let bio, let bytes, length > 0 else { return 0 }
            COpenSSL_BIO_clear_retry_flags(bio)
            let engine = Unmanaged<TLSEngine>.fromOpaque(BIO_get_data(bio)).takeUnretainedValue()
            engine.output(UnsafeRawBufferPointer(start: bytes, count: Int(length)))
            return length
        }
        BIO_meth_set_ctrl(method) { _, command, _, _ in
            // OpenSSL flushes after each flight of handshake messages; ours are queued already.
            command == BIO_CTRL_FLUSH ? 1 : 0
        }
        pointer = method
    }
}
