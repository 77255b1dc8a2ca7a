// Decodes a JWT and verifies its signature against a certificate with OpenSSL, independently of the module.
import COpenSSL
import JSON

struct DecodedJWT {
    let header: JSONValue
    let payload: JSONValue
    let signingInput: [UInt8]
    let signature: [UInt8]

    init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let header = base64URLDecode(String(parts[0])),
            let payload = base64URLDecode(String(parts[1])), let signature = base64URLDecode(String(parts[2])),
            let headerJSON = try? JSONValue.parse(header), let payloadJSON = try? JSONValue.parse(payload)
        else { return nil }
        self.header = headerJSON
        self.payload = payloadJSON
        self.signingInput = Array("\(parts[0]).\(parts[1])".utf8)
        self.signature = signature
    }

    /// Verifies the signature with the public key of the first certificate in `certificatePath`:
    /// PS256 (PSS, MGF1-SHA256, salt = 32) or RS256.
    func verifies(withCertificateAt certificatePath: String, pss: Bool) -> Bool {
        guard let file = fopen(certificatePath, "r") else { return false }
        defer { fclose(file) }
        guard let certificate = PEM_read_X509(file, nil, nil, nil) else { return false }
        defer { X509_free(certificate) }
        guard let key = X509_get0_pubkey(certificate), let context = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(context) }
        var keyContext: OpaquePointer?
        guard EVP_DigestVerifyInit(context, &keyContext, EVP_sha256(), nil, key) == 1 else { return false }
        if pss {
            guard EVP_PKEY_CTX_set_rsa_padding(keyContext, RSA_PKCS1_PSS_PADDING) == 1,
                EVP_PKEY_CTX_set_rsa_pss_saltlen(keyContext, 32) == 1,
                EVP_PKEY_CTX_set_rsa_mgf1_md(keyContext, EVP_sha256()) == 1
            else { return false }
        }
        let result = EVP_DigestVerify(context, signature, signature.count, signingInput, signingInput.count)
        ERR_clear_error()
        return result == 1
    }
}

/// RFC 4648 §5 without padding; nil on any other character.
func base64URLDecode(_ text: String) -> [UInt8]? {
    var standard = text.replacingOccurrences("-", "+").replacingOccurrences("_", "/")
    guard !standard.contains("=") else { return nil }
    while standard.count % 4 != 0 { standard += "=" }
    return base64Decode(standard)
}

func base64Decode(_ text: String) -> [UInt8]? {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    var values: [UInt8] = []
    var padding = 0
    for byte in text.utf8 {
        if byte == UInt8(ascii: "=") {
            padding += 1
            continue
        }
        guard padding == 0, let index = alphabet.firstIndex(of: byte) else { return nil }
        values.append(UInt8(index))
    }
    var output: [UInt8] = []
    var index = 0
    while index < values.count {
        let chunk = values[index..<min(index + 4, values.count)]
        var accumulator: UInt32 = 0
        for value in chunk { accumulator = accumulator << 6 | UInt32(value) }
        accumulator <<= UInt32(6 * (4 - chunk.count))
        let bytes = [UInt8(accumulator >> 16 & 0xff), UInt8(accumulator >> 8 & 0xff), UInt8(accumulator & 0xff)]
        output += bytes.prefix(chunk.count - 1)
        index += 4
    }
    return output
}

/// Reference base64url (no padding) for expected values.
func base64URLEncode(_ bytes: [UInt8]) -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    var output = ""
    var index = 0
    while index < bytes.count {
        let chunk = bytes[index..<min(index + 3, bytes.count)]
        var accumulator: UInt32 = 0
        for byte in chunk { accumulator = accumulator << 8 | UInt32(byte) }
        accumulator <<= UInt32(8 * (3 - chunk.count))
        for position in 0...chunk.count {
            output.append(alphabet[Int(accumulator >> UInt32(18 - 6 * position) & 0x3f)])
        }
        index += 3
    }
    return output
}

extension String {
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        replacing(target, with: replacement)
    }
}
