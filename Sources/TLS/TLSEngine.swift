// One TLS session without I/O: ciphertext comes in through a window, goes out through a sink.
import COpenSSL

/// What a handshake step achieved.
enum TLSHandshakeStep {
    case complete
    /// OpenSSL wants more ciphertext than the current input holds (SSL_ERROR_WANT_READ).
    case needsInput
    case failed(TLSError)
}

/// What one read of plaintext produced.
enum TLSReadStep {
    case plaintext(Int)
    case needsInput
    /// The peer sent close_notify: no more plaintext will come.
    case closeNotify
    case failed(TLSError)
}

/// What one write of plaintext achieved.
enum TLSWriteStep {
    case wrote(Int)
    case needsInput
    case failed(TLSError)
}

/// An OpenSSL `SSL` whose BIO reads ciphertext from `withInput`'s window and hands what it writes
/// to `output` at once (see TLSEngine+BIO.swift). It makes no system calls, so one engine can be
/// driven by a TLSStream on a loop, or two can be wired back to back. Confined to one thread.
final class TLSEngine {
    let ssl: OpaquePointer
    /// Keeps the SSL_CTX, and the ALPN list its callback reads, alive.
    let configuration: TLSConfiguration
    /// What the client verifies the server's certificate against; nil for a server.
    private(set) var serverIdentity: TLSServerIdentity?
    /// Receives ciphertext as OpenSSL produces it (a TLSStream appends it to the lower stream).
    var output: (UnsafeRawBufferPointer) -> Void = { _ in }

    /// Client: where sessions the server sends are kept, and under which upstream.
    private var sessionCache: (cache: TLSSessionCache, key: TLSSessionCache.Key)?
    private var sessionToOffer = false

    private var input = UnsafeRawBufferPointer(start: nil, count: 0)
    private var inputConsumed = 0
    /// Input bytes taken by earlier `withInput` calls.
    private var consumedBefore = 0
    /// The first bytes the peer sent, to explain a handshake with something that is not TLS.
    private(set) var firstBytes: [UInt8] = []
    static let firstBytesKept = 32

    /// A fresh session in `configuration`'s role. Only running out of memory can make SSL_new fail.
    init(configuration: TLSConfiguration) {
        self.configuration = configuration
        guard let ssl = SSL_new(configuration.context) else { fatalError("SSL_new failed: out of memory") }
        self.ssl = ssl
        if configuration.role == .client { SSL_set_connect_state(ssl) } else { SSL_set_accept_state(ssl) }
        attachBIO()
    }

    deinit { SSL_free(ssl) }  // frees the BIO too

    /// Client: verify the server's certificate for `serverName`, a DNS name (also sent as SNI)
    /// or an IP literal (matched against IP address SANs).
    func expect(serverName: String) throws(TLSError) {
        guard let identity = TLSServerIdentity(serverName) else { throw TLSServerIdentity.missing }
        OpenSSLErrorQueue.clear()
        switch identity {
        case .dnsName(let name):
            SSL_set_hostflags(ssl, UInt32(X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS))
            guard COpenSSL_SSL_set_tlsext_host_name(ssl, name) == 1, SSL_set1_host(ssl, name) == 1 else {
                throw TLSConfiguration.failure(.configuration, "cannot use \"\(name)\" as a TLS server name")
            }
        case .ipAddress(let address):
            guard X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), address) == 1 else {
                throw TLSConfiguration.failure(.configuration, "cannot use \(address) as a TLS server address")
            }
        }
        serverIdentity = identity
    }

    // MARK: Session resumption

    /// Client, before the handshake: the first handshake step offers the session `cache` holds for
    /// `key` (OpenSSL falls back to a full handshake if the server declines it), and the sessions
    /// this connection receives are kept there. `key` must name the server name set by
    /// `expect(serverName:)`.
    func resumeSessions(with cache: TLSSessionCache, key: TLSSessionCache.Key) {
        sessionCache = (cache, key)
        sessionToOffer = true
        // Unretained: the callback runs only inside this engine's SSL calls.
        SSL_set_ex_data(ssl, 0, Unmanaged.passUnretained(self).toOpaque())  // SSL_set_app_data
    }

    /// Taken from the cache only now, once TCP is up: a single-use ticket taken by a connection
    /// that then failed to connect would be lost to the next address.
    private func offerCachedSession() {
        sessionToOffer = false
        guard let sessionCache, let session = sessionCache.cache.take(for: sessionCache.key) else { return }
        _ = SSL_set_session(ssl, session)  // takes its own reference
        SSL_SESSION_free(session)
    }

    /// The engine whose `ssl` this is, if it resumes sessions (SSL_get_app_data).
    static func of(_ ssl: OpaquePointer) -> TLSEngine? {
        SSL_get_ex_data(ssl, 0).map { Unmanaged<TLSEngine>.fromOpaque($0).takeUnretainedValue() }
    }

    /// The new-session callback's work: the cache keeps a copy, and OpenSSL keeps its reference.
    /// A copy, because the session handed over is this connection's own: freed without having sent
    /// close_notify (an abrupt close, an error), the connection marks it not resumable
    /// (ssl_clear_bad_session), which would spoil a ticket that is still good.
    func keep(newSession session: OpaquePointer) {
        guard let sessionCache, SSL_SESSION_is_resumable(session) == 1,
              let copy = SSL_SESSION_dup(session) else { return }
        if !sessionCache.cache.store(copy, for: sessionCache.key) { SSL_SESSION_free(copy) }
    }

    /// The handshake resumed an earlier session (no certificate exchanged).
    var sessionReused: Bool { SSL_session_reused(ssl) == 1 }

    // MARK: Input

    /// Runs `body` with `ciphertext` as the input the BIO reads from; returns how many of its
    /// bytes OpenSSL took (into its record buffer). The rest stays with the caller.
    func withInput(_ ciphertext: UnsafeRawBufferPointer, _ body: () -> Void) -> Int {
        keepFirstBytes(of: ciphertext)
        input = ciphertext
        inputConsumed = 0
        body()
        let consumed = inputConsumed
        input = UnsafeRawBufferPointer(start: nil, count: 0)
        inputConsumed = 0
        consumedBefore += consumed
        return consumed
    }

    /// Records the start of the peer's bytes from the window offered, not from what OpenSSL
    /// takes: it stops at a 5-byte record header that makes no sense.
    private func keepFirstBytes(of ciphertext: UnsafeRawBufferPointer) {
        guard firstBytes.count < Self.firstBytesKept else { return }
        // The window starts at stream offset `consumedBefore`; bytes before firstBytes.count are kept already.
        let start = firstBytes.count - consumedBefore
        guard start >= 0, start < ciphertext.count else { return }
        firstBytes += ciphertext[start..<min(ciphertext.count, start + Self.firstBytesKept - firstBytes.count)]
    }

    /// The BIO's read: copies up to `room.count` input bytes, or returns 0 when none are left.
    func takeInput(into room: UnsafeMutableRawBufferPointer) -> Int {
        let count = min(room.count, input.count - inputConsumed)
        guard count > 0, let source = input.baseAddress, let destination = room.baseAddress else { return 0 }
        destination.copyMemory(from: source + inputConsumed, byteCount: count)
        inputConsumed += count
        return count
    }

    // MARK: Steps

    func handshake() -> TLSHandshakeStep {
        if sessionToOffer { offerCachedSession() }
        OpenSSLErrorQueue.clear()
        let result = SSL_do_handshake(ssl)
        if result == 1 { return .complete }
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            return .needsInput
        case let code:
            return .failed(handshakeError(code: code))
        }
    }

    /// Decrypts into `buffer` (at most one record's worth per call).
    func read(into buffer: UnsafeMutableRawBufferPointer) -> TLSReadStep {
        OpenSSLErrorQueue.clear()
        let result = SSL_read(ssl, buffer.baseAddress, Int32(clamping: buffer.count))
        if result > 0 { return .plaintext(Int(result)) }
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            return .needsInput
        case SSL_ERROR_ZERO_RETURN:
            return .closeNotify
        case let code:
            return .failed(connectionError(code: code))
        }
    }

    /// Encrypts `plaintext` into records handed to `output`.
    func write(_ plaintext: UnsafeRawBufferPointer) -> TLSWriteStep {
        guard plaintext.count > 0 else { return .wrote(0) }
        OpenSSLErrorQueue.clear()
        let result = SSL_write(ssl, plaintext.baseAddress, Int32(clamping: plaintext.count))
        if result > 0 { return .wrote(Int(result)) }
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            return .needsInput
        case let code:
            return .failed(connectionError(code: code))
        }
    }

    /// Sends close_notify (once; later calls do nothing). The peer's reply is not awaited.
    func shutdown() {
        guard SSL_get_shutdown(ssl) & SSL_SENT_SHUTDOWN == 0 else { return }
        OpenSSLErrorQueue.clear()
        _ = SSL_shutdown(ssl)
        OpenSSLErrorQueue.clear()
    }

    // MARK: Negotiated parameters

    /// The ALPN protocol both sides agreed on, if any.
    var negotiatedALPN: String? {
        var name: UnsafePointer<UInt8>?
        var length: UInt32 = 0
        SSL_get0_alpn_selected(ssl, &name, &length)
        guard let name, length > 0 else { return nil }
        return String(decoding: UnsafeBufferPointer(start: name, count: Int(length)), as: UTF8.self)
    }

    /// "TLSv1.2" or "TLSv1.3".
    var protocolVersion: String { String(cString: SSL_get_version(ssl)) }

    /// Server: the host name the client sent as SNI, if any.
    var receivedServerName: String? {
        SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name).map { String(cString: $0) }
    }

    // MARK: Errors

    private func connectionError(code: Int32) -> TLSError {
        let reasons = OpenSSLErrorQueue.drain() ?? "SSL_get_error \(code)"
        return TLSError(kind: .protocolError, message: "TLS connection failed: \(reasons)")
    }
}

@available(*, unavailable, message: "a TLSEngine belongs to one loop thread")
extension TLSEngine: Sendable {}
