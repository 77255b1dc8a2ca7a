// A client certificate with its RSA private key, loaded from AZURE_CLIENT_CERTIFICATE_PATH.
import COpenSSL

/// The leaf certificate, any further certificates from the same file, and the leaf's private key.
///
/// Lives for one token request: the file is re-read for each request so a rotated certificate
/// (Key Vault sync, a re-mounted secret) is picked up without a restart.
final class ClientCertificate {
    /// `EVP_PKEY*`, an RSA key; owned.
    let privateKey: OpaquePointer
    /// DER certificates, the one matching `privateKey` first, then the rest in file order (the `x5c`
    /// order: RFC 7515 §4.1.6).
    let chain: [[UInt8]]

    init(privateKey: OpaquePointer, chain: [[UInt8]]) {
        precondition(!chain.isEmpty)
        self.privateKey = privateKey
        self.chain = chain
    }

    deinit { EVP_PKEY_free(privateKey) }

    /// The leaf's DER encoding.
    var leaf: [UInt8] { chain[0] }

    /// SHA-256 of the leaf's DER: the JWT header's `x5t#S256` before base64url.
    var sha256Thumbprint: [UInt8] { OpenSSLSupport.sha256(leaf) }

    /// SHA-1 of the leaf's DER: the JWT header's `x5t` (RS256 / AD FS).
    var sha1Thumbprint: [UInt8] { OpenSSLSupport.sha1(leaf) }
}

// Owns a C object and is only ever used by the task that loaded it.
@available(*, unavailable)
extension ClientCertificate: Sendable {}

/// Why a certificate file could not be used; the message says what to change and never includes the
/// password.
struct CertificateLoadError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
