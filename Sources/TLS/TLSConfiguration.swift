// What every TLS connection of one kind shares: an SSL_CTX with versions, trust or certificate, and ALPN.
#if canImport(Glibc)
import Glibc
#endif
import COpenSSL
import Posix

/// A configured OpenSSL `SSL_CTX`, built once (at start-up) and shared by every loop. Each
/// `TLSStream` creates its own `SSL` from it.
///
/// ```swift
/// let upstream = try TLSConfiguration.client()                    // system trust, ALPN http/1.1
/// let tests = try TLSConfiguration.client(trust: .caFile(certificates.caFile))
/// let server = try TLSConfiguration.server(certificateChainFile: "leaf.pem", privateKeyFile: "leaf.key")
/// ```
// @unchecked Sendable: OpenSSL 3 allows SSL_new from one SSL_CTX on many threads once it is
// configured, and nothing here changes after init.
public final class TLSConfiguration: @unchecked Sendable {
    let context: OpaquePointer
    public let role: TLSRole
    /// The ALPN protocols offered (client) or accepted in order of preference (server).
    public let alpn: [String]
    /// The client's trust; nil for a server.
    public let trust: TLSTrust?
    /// The ALPN list in wire format (length-prefixed names), kept at a stable address for the
    /// server's selection callback.
    let alpnWire: UnsafeMutableBufferPointer<UInt8>
    let alpnWireLength: Int
    /// What to tell the user when a server's certificate has no trusted issuer.
    let untrustedIssuerAdvice: String

    private init(context: OpaquePointer, role: TLSRole, alpn: [String], alpnWire: [UInt8], trust: TLSTrust?) {
        self.context = context
        self.role = role
        self.alpn = alpn
        self.trust = trust
        self.alpnWire = .allocate(capacity: max(alpnWire.count, 1))
        _ = self.alpnWire.initialize(from: alpnWire)
        alpnWireLength = alpnWire.count
        untrustedIssuerAdvice = Self.advice(for: trust)
    }

    deinit {
        SSL_CTX_free(context)
        alpnWire.deallocate()
    }

    // MARK: Factories

    /// A client: verifies the server's chain against `trust` and its name (see `TLSStream.connect`),
    /// offers `alpn`, and speaks TLS 1.2 or 1.3 unless narrowed.
    public static func client(trust: TLSTrust = .system, alpn: [String] = ["http/1.1"],
                              minimumVersion: TLSVersion = .tls12,
                              maximumVersion: TLSVersion? = nil) throws(TLSError) -> TLSConfiguration {
        let wire = try encodeALPN(alpn)
        let context = try makeContext(method: TLS_client_method(), minimumVersion: minimumVersion,
                                      maximumVersion: maximumVersion)
        do throws(TLSError) {
            SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
            try loadTrust(trust, into: context)
            installSessionCallback(context)
            if !wire.isEmpty, SSL_CTX_set_alpn_protos(context, wire, UInt32(wire.count)) != 0 {  // 0 is success here
                throw failure(.configuration, "cannot offer ALPN \(alpn)")
            }
        } catch {
            SSL_CTX_free(context)
            throw error
        }
        return TLSConfiguration(context: context, role: .client, alpn: alpn, alpnWire: wire, trust: trust)
    }

    /// A server presenting the certificate chain in `certificateChainFile` (PEM, leaf first) with
    /// the key in `privateKeyFile` (PEM). It selects the first of its `alpn` protocols that the
    /// client offers, and carries on without ALPN when there is none in common.
    public static func server(certificateChainFile: String, privateKeyFile: String, alpn: [String] = ["http/1.1"],
                              minimumVersion: TLSVersion = .tls12,
                              maximumVersion: TLSVersion? = nil) throws(TLSError) -> TLSConfiguration {
        let wire = try encodeALPN(alpn)
        let context = try makeContext(method: TLS_server_method(), minimumVersion: minimumVersion,
                                      maximumVersion: maximumVersion)
        do throws(TLSError) {
            guard SSL_CTX_use_certificate_chain_file(context, certificateChainFile) == 1 else {
                throw failure(.configuration, "cannot load the certificate chain from \(certificateChainFile)")
            }
            // Loading the key also checks it against the certificate ("key values mismatch").
            guard SSL_CTX_use_PrivateKey_file(context, privateKeyFile, SSL_FILETYPE_PEM) == 1,
                  SSL_CTX_check_private_key(context) == 1 else {
                let reasons = OpenSSLErrorQueue.drain() ?? "unknown error"
                if reasons.contains("mismatch") {
                    throw TLSError(kind: .configuration, message:
                        "the private key in \(privateKeyFile) does not match the certificate in \(certificateChainFile)")
                }
                throw TLSError(kind: .configuration, message: "cannot load the private key from \(privateKeyFile): \(reasons)")
            }
        } catch {
            SSL_CTX_free(context)
            throw error
        }
        let configuration = TLSConfiguration(context: context, role: .server, alpn: alpn, alpnWire: wire, trust: nil)
        if !wire.isEmpty { configuration.installALPNSelection() }
        return configuration
    }

    // MARK: Building blocks

    private static func makeContext(method: OpaquePointer?, minimumVersion: TLSVersion,
                                    maximumVersion: TLSVersion?) throws(TLSError) -> OpaquePointer {
        if let maximumVersion, maximumVersion < minimumVersion {
            throw TLSError(kind: .configuration,
                           message: "TLS maximum version \(maximumVersion) is below the minimum \(minimumVersion)")
        }
        OpenSSLErrorQueue.clear()
        guard let context = SSL_CTX_new(method) else { throw failure(.configuration, "cannot create an SSL_CTX") }
        _ = COpenSSL_SSL_CTX_set_min_proto_version(context, minimumVersion.protocolNumber)
        if let maximumVersion { _ = COpenSSL_SSL_CTX_set_max_proto_version(context, maximumVersion.protocolNumber) }
        // Renegotiation (TLS 1.2) would let a read wait on a write and the reverse; nobody needs it.
        _ = SSL_CTX_set_options(context, COpenSSL_SSL_OP_NO_RENEGOTIATION())
        // RELEASE_BUFFERS: an idle connection gives back its ~34 KB of record buffers.
        // ACCEPT_MOVING_WRITE_BUFFER: plaintext comes from an OutboundQueue whose chunks move on.
        _ = COpenSSL_SSL_CTX_set_mode(context, Int(SSL_MODE_RELEASE_BUFFERS | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER))
        return context
    }

    /// Client sessions go to the new-session callback, which hands them to the connection's loop
    /// cache (TLSSessionCache); OpenSSL keeps none in the SSL_CTX, which every loop shares.
    private static func installSessionCallback(_ context: OpaquePointer) {
        _ = COpenSSL_SSL_CTX_set_client_session_cache(context)
        SSL_CTX_sess_set_new_cb(context) { ssl, session in
            guard let ssl, let session, let engine = TLSEngine.of(ssl) else { return 0 }
            engine.keep(newSession: session)
            return 0  // OpenSSL keeps its reference; the cache holds a copy
        }
    }

    private static func loadTrust(_ trust: TLSTrust, into context: OpaquePointer) throws(TLSError) {
        switch trust {
        case .system:
            // OpenSSL skips unreadable locations silently (every certificate would then fail as
            // "unable to get local issuer certificate"), so a variable naming a missing path is
            // reported here, at start-up.
            for variable in ["SSL_CERT_FILE", "SSL_CERT_DIR"] {
                guard let value = getenv(variable).map({ String(cString: $0) }), !value.isEmpty else { continue }
                for path in value.split(separator: ":") where access(String(path), R_OK) != 0 {
                    throw TLSError(kind: .configuration,
                                   message: "\(variable)=\(value): cannot read \(path): \(SystemCallError.message(for: errno))")
                }
            }
            // Honours SSL_CERT_FILE and SSL_CERT_DIR (see TLSTrust.system); always returns 1.
            guard SSL_CTX_set_default_verify_paths(context) == 1 else {
                throw failure(.configuration, "cannot load the system's CA certificates")
            }
        case .caFile(let path):
            guard SSL_CTX_load_verify_locations(context, path, nil) == 1 else {
                throw failure(.configuration, "cannot load CA certificates from \(path)")
            }
        }
    }

    /// A configuration error whose message ends with OpenSSL's reasons, leaving the queue empty.
    static func failure(_ kind: TLSError.Kind, _ message: String) -> TLSError {
        TLSError(kind: kind, message: OpenSSLErrorQueue.drain().map { "\(message): \($0)" } ?? message)
    }

    private static func advice(for trust: TLSTrust?) -> String {
        switch trust {
        case .caFile(let path):
            return "the server's certificate is not signed by a trusted CA; only the CAs in \(path) are trusted here, "
                + "SSL_CERT_FILE and SSL_CERT_DIR do not apply"
        case .system, nil:
            let variables: [String] = ["SSL_CERT_FILE", "SSL_CERT_DIR"]
            let inUse = variables.compactMap { name in
                getenv(name).map { "\(name)=\(String(cString: $0))" }
            }
            if inUse.isEmpty {
                return "the server's certificate is not signed by a trusted CA; set SSL_CERT_FILE or SSL_CERT_DIR"
            }
            return "the server's certificate is not signed by a trusted CA; check that \(inUse.joined(separator: " or ")) holds its issuer"
        }
    }
}
