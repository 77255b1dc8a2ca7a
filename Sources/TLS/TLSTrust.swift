// Which certificate authorities a TLS client believes.

/// Where a client's trusted CA certificates come from.
public enum TLSTrust: Sendable, Equatable {
    /// The system's store, as OpenSSL finds it (`SSL_CTX_set_default_verify_paths`). The
    /// `SSL_CERT_FILE` (a PEM bundle) and `SSL_CERT_DIR` (hashed directories, `:`-separated)
    /// environment variables replace OpenSSL's built-in locations when set: OpenSSL 3 reads them
    /// in `X509_LOOKUP_file`/`X509_LOOKUP_hash_dir` when the configuration is built.
    case system
    /// Only the CA certificates in this PEM file (tests, private CAs).
    case caFile(String)
}

/// Which end of the handshake a configuration is for.
public enum TLSRole: Sendable, Equatable {
    case client
    case server
}
