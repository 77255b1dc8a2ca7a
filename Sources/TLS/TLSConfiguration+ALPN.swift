// ALPN (RFC 7301): the client's offer in wire format, and the server's choice.
import COpenSSL

extension TLSConfiguration {
    /// `["h2", "http/1.1"]` as the wire list `\x02h2\x08http/1.1`.
    static func encodeALPN(_ protocols: [String]) throws(TLSError) -> [UInt8] {
        var wire: [UInt8] = []
        for name in protocols {
            let bytes = Array(name.utf8)
            guard (1...255).contains(bytes.count) else {
                throw TLSError(kind: .configuration, message: "ALPN protocol names are 1 to 255 bytes long, not \"\(name)\"")
            }
            wire.append(UInt8(bytes.count))
            wire += bytes
        }
        return wire
    }

    /// The server picks the first of its own protocols that the client offered; with none in
    /// common it answers without ALPN rather than failing (RFC 7301 §3.2 allows either).
    func installALPNSelection() {
        let callback: SSL_CTX_alpn_select_cb_func = { _, selected, selectedLength, offered, offeredLength, argument in
            guard let selected, let selectedLength, let offered, let argument else { return SSL_TLSEXT_ERR_NOACK }
            let configuration = Unmanaged<TLSConfiguration>.fromOpaque(argument).takeUnretainedValue()
            var choice: UnsafeMutablePointer<UInt8>?
            let outcome = SSL_select_next_proto(&choice, selectedLength, configuration.alpnWire.baseAddress,
                                                UInt32(configuration.alpnWireLength), offered, offeredLength)
            guard outcome == OPENSSL_NPN_NEGOTIATED, let choice else { return SSL_TLSEXT_ERR_NOACK }
            selected.pointee = UnsafePointer(choice)
            return SSL_TLSEXT_ERR_OK
        }
        // Unretained: the callback runs inside a handshake, and every engine keeps its configuration alive.
        SSL_CTX_set_alpn_select_cb(context, callback, Unmanaged.passUnretained(self).toOpaque())
    }
}
