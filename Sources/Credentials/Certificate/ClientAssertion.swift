// The signed JWT a certificate credential sends as `client_assertion` (RFC 7523; entra.md §2.4).
import COpenSSL
import JSON

/// How the assertion is signed and which thumbprint header names the certificate.
enum ClientAssertionAlgorithm: String, Sendable {
    /// RSASSA-PSS with SHA-256, MGF1-SHA-256, 32-byte salt; header `x5t#S256`. What the Entra docs and
    /// MSAL Go and msal-node use today.
    case ps256 = "PS256"
    /// RSASSA-PKCS1-v1_5 with SHA-256; header `x5t` (SHA-1 thumbprint). For AD FS, which has no PSS.
    case rs256 = "RS256"
}

enum ClientAssertion {
    /// Ten minutes, as MSAL: "keep it short" (Entra docs), long enough for clock skew.
    static let lifetime: Int64 = 600

    /// `base64url(header).base64url(payload).base64url(signature)`.
    ///
    /// Header: `alg`, `typ: JWT`, `x5t#S256` (or `x5t` for RS256), plus `x5c` (standard base64 DER, leaf
    /// first) when `includeChain` (AZURE_CLIENT_SEND_CERTIFICATE_CHAIN, for subject name/issuer auth).
    /// Claims: `aud` (the exact token URL), `iss` = `sub` = client ID, a fresh UUID `jti`, and
    /// `nbf` = `iat` = now, `exp` = now + 600 (MSAL Python also sends `iat`).
    static func make(
        certificate: ClientCertificate, clientID: String, audience: String, now: Int64,
        algorithm: ClientAssertionAlgorithm, includeChain: Bool
    ) -> Result<String, CertificateLoadError> {
        var header: JSONObject = ["alg": .string(algorithm.rawValue), "typ": "JWT"]
        switch algorithm {
        case .ps256: header["x5t#S256"] = .string(Base64.urlEncode(certificate.sha256Thumbprint))
        case .rs256: header["x5t"] = .string(Base64.urlEncode(certificate.sha1Thumbprint))
        }
        if includeChain { header["x5c"] = .array(certificate.chain.map { .string(Base64.encode($0)) }) }
        let payload: JSONValue = [
            "aud": .string(audience), "iss": .string(clientID), "sub": .string(clientID),
            "jti": .string(OpenSSLSupport.uuidString()), "nbf": JSONValue(Int(now)), "iat": JSONValue(Int(now)),
            "exp": JSONValue(Int(now + lifetime)),
        ]
        let signingInput = Base64.urlEncode(JSONValue.object(header).serialized()) + "."
            + Base64.urlEncode(payload.serialized())
        guard let signature = sign(Array(signingInput.utf8), key: certificate.privateKey, algorithm: algorithm) else {
            return .failure(CertificateLoadError(
                message: "cannot sign the client assertion (\(OpenSSLSupport.drainErrors()))"))
        }
        return .success(signingInput + "." + Base64.urlEncode(signature))
    }

    /// Signs `input` with SHA-256 and PSS (salt = digest length, as Python's `sign_ps256`) or PKCS#1 v1.5.
    static func sign(_ input: [UInt8], key: OpaquePointer, algorithm: ClientAssertionAlgorithm) -> [UInt8]? {
        guard let context = EVP_MD_CTX_new() else { return nil }
        defer { EVP_MD_CTX_free(context) }
        var keyContext: OpaquePointer?
        guard EVP_DigestSignInit(context, &keyContext, EVP_sha256(), nil, key) == 1, let keyContext else { return nil }
        if algorithm == .ps256 {
            guard EVP_PKEY_CTX_set_rsa_padding(keyContext, RSA_PKCS1_PSS_PADDING) == 1,
                EVP_PKEY_CTX_set_rsa_pss_saltlen(keyContext, RSA_PSS_SALTLEN_DIGEST) == 1,
                EVP_PKEY_CTX_set_rsa_mgf1_md(keyContext, EVP_sha256()) == 1
            else { return nil }
        }
        var length = 0
        guard EVP_DigestSign(context, nil, &length, input, input.count) == 1 else { return nil }
        var signature = [UInt8](repeating: 0, count: length)
        guard EVP_DigestSign(context, &signature, &length, input, input.count) == 1 else { return nil }
        return Array(signature[0..<length])
    }
}
