// Explaining a failed handshake: a refused certificate, a peer that is not TLS, or OpenSSL's reasons.
#if canImport(Glibc)
import Glibc
#endif
import COpenSSL
import Posix

extension TLSEngine {
    func handshakeError(code: Int32) -> TLSError {
        let reasons = OpenSSLErrorQueue.drain()
        let verification = SSL_get_verify_result(ssl)
        if configuration.role == .client, verification != X509_V_OK {
            return certificateError(verification)
        }
        if let sample = nonTLSSample {
            return TLSError(kind: .handshakeFailed, message: "TLS handshake failed: the peer does not speak TLS (it sent \(sample))"
                            + (reasons.map { "; OpenSSL: \($0)" } ?? ""))
        }
        if code == SSL_ERROR_ZERO_RETURN {
            return TLSError(kind: .handshakeFailed, message: "TLS handshake failed: the peer sent close_notify during the handshake")
        }
        let advice = reasons.flatMap(Self.advice(forReasons:)).map { " (\($0))" } ?? ""
        return TLSError(kind: .handshakeFailed,
                        message: "TLS handshake failed: \(reasons ?? "SSL_get_error \(code)")\(advice)")
    }

    /// "certificate verify failed: <what> (<what to do>)".
    private func certificateError(_ result: Int) -> TLSError {
        let reason: String
        switch Int32(result) {
        case X509_V_ERR_HOSTNAME_MISMATCH, X509_V_ERR_IP_ADDRESS_MISMATCH:
            let names = peerCertificateNames()
            reason = "host name mismatch for \(serverIdentity?.text ?? "the server")"
                + (names.isEmpty ? "" : " (the certificate is for \(names.joined(separator: ", ")))")
        case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT,
             X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE, X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN,
             X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
            reason = "\(Self.verifyText(result)) (\(configuration.untrustedIssuerAdvice))"
        case X509_V_ERR_CERT_HAS_EXPIRED:
            reason = "certificate has expired (renew the server's certificate, or check this machine's clock)"
        case X509_V_ERR_CERT_NOT_YET_VALID:
            reason = "certificate is not yet valid (check this machine's clock)"
        default:
            reason = Self.verifyText(result)
        }
        return TLSError(kind: .certificateVerificationFailed, message: "certificate verify failed: \(reason)")
    }

    private static func verifyText(_ result: Int) -> String {
        String(cString: X509_verify_cert_error_string(result))
    }

    /// Hints for reasons whose fix is not obvious from OpenSSL's words.
    private static func advice(forReasons reasons: String) -> String? {
        if reasons.contains("unknown ca") || reasons.contains("bad certificate") || reasons.contains("certificate unknown") {
            return "the peer does not trust our certificate"
        }
        if reasons.contains("unsupported protocol") || reasons.contains("protocol version") {
            return "the two sides have no TLS version in common"
        }
        return nil
    }

    /// The first bytes the peer sent, quoted, when they cannot begin a TLS record: a record
    /// starts with a content type of 20 to 23 and a major version of 3 (RFC 8446 §5.1).
    private var nonTLSSample: String? {
        guard let type = firstBytes.first else { return nil }
        let looksLikeTLS = (20...23).contains(type) && (firstBytes.count < 2 || firstBytes[1] == 3)
        if looksLikeTLS { return nil }
        let shown = firstBytes.prefix(24).map { (0x20..<0x7F).contains($0) ? Character(UnicodeScalar($0)) : "." }
        return "\"\(String(shown))\(firstBytes.count > 24 ? "..." : "")\""
    }

    /// The DNS and IP subject alternative names of the server's certificate (its chain's first).
    private func peerCertificateNames() -> [String] {
        // On a failed verification the session keeps the chain but not the verified peer.
        guard let chain = SSL_get_peer_cert_chain(ssl), OPENSSL_sk_num(chain) > 0,
              let leaf = OPENSSL_sk_value(chain, 0),
              let extensionValue = X509_get_ext_d2i(OpaquePointer(leaf), NID_subject_alt_name, nil, nil) else { return [] }
        let names = OpaquePointer(extensionValue)
        defer { GENERAL_NAMES_free(names) }
        var result: [String] = []
        for index in 0..<OPENSSL_sk_num(names) {
            guard let entry = OPENSSL_sk_value(names, index)?.assumingMemoryBound(to: GENERAL_NAME.self) else { continue }
            switch entry.pointee.type {
            case GEN_DNS:
                if let text = Self.bytes(of: entry.pointee.d.dNSName) { result.append(String(decoding: text, as: UTF8.self)) }
            case GEN_IPADD:
                if let address = Self.bytes(of: entry.pointee.d.iPAddress), let text = Self.format(ipAddress: address) {
                    result.append(text)
                }
            default:
                continue
            }
        }
        return result
    }

    private static func bytes(of string: UnsafeMutablePointer<ASN1_STRING>?) -> [UInt8]? {
        guard let string, let data = ASN1_STRING_get0_data(string) else { return nil }
        return Array(UnsafeBufferPointer(start: data, count: Int(ASN1_STRING_length(string))))
    }

    private static func format(ipAddress bytes: [UInt8]) -> String? {
        let family: Int32
        switch bytes.count {
        case 4: family = AF_INET
        case 16: family = AF_INET6
        default: return nil
        }
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        guard inet_ntop(family, bytes, &text, socklen_t(text.count)) != nil else { return nil }
        return String(nulTerminated: text)
    }
}
