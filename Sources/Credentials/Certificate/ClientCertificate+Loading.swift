// Loads PEM (certificate + key, optionally encrypted) or PKCS#12/PFX files with OpenSSL (entra.md §2.4).
import COpenSSL

extension ClientCertificate {
    /// Loads a certificate and its private key from a file's bytes: PEM when it contains `-----BEGIN`,
    /// PKCS#12 otherwise (Azure Identity for Python decides the same way). `password` decrypts an
    /// encrypted PEM key or the PKCS#12 file.
    static func load(_ contents: [UInt8], password: String?) -> Result<ClientCertificate, CertificateLoadError> {
        ERR_clear_error()
        defer { ERR_clear_error() }
        let loaded = contents.contains(subsequence: Array("-----BEGIN".utf8))
            ? loadPEM(contents, password: password) : loadPKCS12(contents, password: password)
        guard case .success(let certificate) = loaded else { return loaded }
        guard EVP_PKEY_get_base_id(certificate.privateKey) == EVP_PKEY_RSA else {
            return .failure(CertificateLoadError(message:
                "the certificate's private key is not an RSA key; Entra ID client assertions are signed with "
                + "RSA (PS256), so use an RSA certificate"))
        }
        return loaded
    }

    // MARK: PEM

    private static func loadPEM(_ contents: [UInt8], password: String?)
        -> Result<ClientCertificate, CertificateLoadError>
    {
        var certificates: [OpaquePointer] = []
        defer { certificates.forEach { X509_free($0) } }
        _ = withMemoryBIO(contents) { bio in
            while let certificate = PEM_read_bio_X509(bio, nil, nil, nil) { certificates.append(certificate) }
        }
        ERR_clear_error()  // reading stops with a "no start line" error at the end of the file
        guard !certificates.isEmpty else {
            return .failure(CertificateLoadError(message: "the PEM file has no CERTIFICATE block"))
        }
        let key: OpaquePointer? = withMemoryBIO(contents) { bio -> OpaquePointer? in
            if let password {
                // With no callback, OpenSSL takes `u` as the NUL-terminated passphrase.
                return password.withCString {
                    PEM_read_bio_PrivateKey(bio, nil, nil, UnsafeMutableRawPointer(mutating: $0))
                }
            }
            // Without a password, refuse rather than let OpenSSL prompt on the terminal.
            return PEM_read_bio_PrivateKey(bio, nil, { _, _, _, _ in -1 }, nil)
        } ?? nil
        guard let key else {
            let text = String(decoding: contents, as: UTF8.self)
            if !text.contains("PRIVATE KEY-----") {
                return .failure(CertificateLoadError(message:
                    "the PEM file has no private key; AZURE_CLIENT_CERTIFICATE_PATH must hold the certificate "
                    + "and its private key"))
            }
            if text.contains("ENCRYPTED") {
                return .failure(CertificateLoadError(message: password == nil
                    ? "the private key is encrypted; set AZURE_CLIENT_CERTIFICATE_PASSWORD"
                    : "cannot decrypt the private key; check AZURE_CLIENT_CERTIFICATE_PASSWORD"))
            }
            return .failure(CertificateLoadError(
                message: "cannot read the private key (\(OpenSSLSupport.drainErrors()))"))
        }
        guard let leafIndex = certificates.firstIndex(where: { X509_check_private_key($0, key) == 1 }) else {
            EVP_PKEY_free(key)
            return .failure(CertificateLoadError(message:
                "no certificate in the file matches its private key; put the key's certificate in the same file"))
        }
        var chain = [OpenSSLSupport.der(of: certificates[leafIndex])]
        for (index, certificate) in certificates.enumerated() where index != leafIndex {
            chain.append(OpenSSLSupport.der(of: certificate))
        }
        return .success(ClientCertificate(privateKey: key, chain: chain))
    }

    // MARK: PKCS#12

    private static func loadPKCS12(_ contents: [UInt8], password: String?)
        -> Result<ClientCertificate, CertificateLoadError>
    {
        guard let pkcs12 = withMemoryBIO(contents, { bio -> OpaquePointer? in d2i_PKCS12_bio(bio, nil) }) ?? nil else {
            return .failure(CertificateLoadError(message:
                "the file is neither PEM nor PKCS#12 (PFX); AZURE_CLIENT_CERTIFICATE_PATH must hold the certificate "
                + "and its private key in one of those formats"))
        }
        defer { PKCS12_free(pkcs12) }
        var key: OpaquePointer?
        var certificate: OpaquePointer?
        var others: OpaquePointer?
        let parsed = PKCS12_parse(pkcs12, password, &key, &certificate, &others)
        defer {
            if let certificate { X509_free(certificate) }
            if let others {
                for index in 0..<max(OPENSSL_sk_num(others), 0) {
                    X509_free(OpaquePointer(OPENSSL_sk_value(others, index)))
                }
                OPENSSL_sk_free(others)
            }
        }
        guard parsed == 1 else {
            if PKCS12_mac_present(pkcs12) == 1 && !macVerifies(pkcs12, password: password) {
                return .failure(CertificateLoadError(message: password == nil
                    ? "the PKCS#12 file is password-protected; set AZURE_CLIENT_CERTIFICATE_PASSWORD"
                    : "the PKCS#12 password is wrong; check AZURE_CLIENT_CERTIFICATE_PASSWORD"))
            }
            return .failure(CertificateLoadError(message:
                "cannot read the PKCS#12 file (\(OpenSSLSupport.drainErrors())). If it uses a legacy algorithm such "
                + "as RC2, which OpenSSL 3 does not load by default, convert it to PEM (openssl pkcs12 -in FILE "
                + "-out cert.pem -nodes) or re-export it with AES"))
        }
        guard let key else {
            return .failure(CertificateLoadError(message:
                "the PKCS#12 file has no private key; export the certificate with its private key"))
        }
        var extra: [OpaquePointer] = []
        if let others {
            for index in 0..<max(OPENSSL_sk_num(others), 0) {
                if let raw = OPENSSL_sk_value(others, index) { extra.append(OpaquePointer(raw)) }
            }
        }
        // PKCS12_parse returns the certificate matching the key; fall back to a search for odd files.
        let leaf = certificate ?? extra.first { X509_check_private_key($0, key) == 1 }
        ERR_clear_error()
        guard let leaf, X509_check_private_key(leaf, key) == 1 else {
            EVP_PKEY_free(key)
            return .failure(CertificateLoadError(message: "no certificate in the PKCS#12 file matches its private key"))
        }
        let chain = [OpenSSLSupport.der(of: leaf)] + extra.filter { $0 != leaf }.map(OpenSSLSupport.der(of:))
        return .success(ClientCertificate(privateKey: key, chain: chain))
    }

    /// PKCS12_parse tries both "no password" and "empty password" when given none; so do we.
    private static func macVerifies(_ pkcs12: OpaquePointer, password: String?) -> Bool {
        if let password, !password.isEmpty { return PKCS12_verify_mac(pkcs12, password, -1) == 1 }
        return PKCS12_verify_mac(pkcs12, nil, 0) == 1 || PKCS12_verify_mac(pkcs12, "", 0) == 1
    }

    private static func withMemoryBIO<T>(_ bytes: [UInt8], _ body: (OpaquePointer) -> T) -> T? {
        bytes.withUnsafeBytes { raw -> T? in
            guard let bio = BIO_new_mem_buf(raw.baseAddress, Int32(raw.count)) else { return nil }
            defer { BIO_free(bio) }
            return body(bio)
        }
    }
}

extension Array where Element == UInt8 {
    func contains(subsequence needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= count else { return needle.isEmpty }
        for start in 0...(count - needle.count) where self[start] == needle[0] {
            if self[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }
}
