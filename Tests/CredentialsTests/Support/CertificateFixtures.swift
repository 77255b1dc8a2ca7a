import Credentials

// Test certificates made once per test run with the openssl CLI: PEM, encrypted PEM, PFX, a CA chain, EC.
#if canImport(Glibc)
    import Glibc
#endif

/// Paths and reference values (computed by the openssl CLI, independently of the code under test).
struct CertificateFixtures: Sendable {
    let directory: String
    /// Certificate then private key.
    let combinedPEM: String
    /// Private key then certificate.
    let keyFirstPEM: String
    /// Certificate only.
    let certificateOnlyPEM: String
    /// Certificate and an AES-encrypted PKCS#8 key.
    let encryptedPEM: String
    let encryptedPEMPassword = "pem-password-3141"
    /// The same certificate and key as PKCS#12 (OpenSSL 3 defaults: AES-256, PBKDF2, SHA-256 MAC).
    let pfx: String
    let pfxPassword = "pfx-password-2718"
    /// PKCS#12 with an empty password.
    let unprotectedPFX: String
    /// CA certificate, then the leaf, then the leaf's key: the leaf must be found by its key.
    let chainPEM: String
    /// An EC (P-256) certificate and key.
    let ecPEM: String
    /// Not a certificate at all.
    let garbage: String

    /// SHA-256 and SHA-1 of the DER of `combinedPEM`'s certificate (openssl x509 -fingerprint).
    let sha256Fingerprint: [UInt8]
    let sha1Fingerprint: [UInt8]
    /// Standard base64 DER of the chain's leaf and CA (openssl x509 -outform DER | base64).
    let chainLeafDERBase64: String
    let chainCADERBase64: String

    /// Made once, by a task: awaiting it does not block a cooperative thread (only two on this machine),
    /// so timing-sensitive tests running meanwhile are not starved.
    private static let generation = Task { await CertificateFixtures.generate() }

    static var shared: CertificateFixtures {
        get async { await generation.value }
    }

    private static func generate() async -> CertificateFixtures {
        let directory = "/tmp/credentials-tests-\(getpid())"
        // Removed when the test process exits (the fixtures are shared by every test).
        atexit { _ = system("rm -rf /tmp/credentials-tests-\(getpid())") }
        let script = """
            set -e
            mkdir -p \(directory) && cd \(directory)
            openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 2 -subj /CN=relay-credentials-test
            cat cert.pem key.pem > combined.pem
            cat key.pem cert.pem > key-first.pem
            openssl pkcs12 -export -in cert.pem -inkey key.pem -out cert.pfx -passout pass:pfx-password-2718
            openssl pkcs12 -export -in cert.pem -inkey key.pem -out unprotected.pfx -passout pass:
            openssl pkey -in key.pem -aes256 -passout pass:pem-password-3141 -out key-encrypted.pem
            cat cert.pem key-encrypted.pem > encrypted.pem
            openssl req -x509 -newkey rsa:2048 -nodes -keyout ca-key.pem -out ca.pem -days 2 -subj /CN=relay-test-ca
            openssl req -newkey rsa:2048 -nodes -keyout leaf-key.pem -out leaf.csr -subj /CN=relay-test-leaf
            openssl x509 -req -in leaf.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -out leaf.pem -days 2
            cat ca.pem leaf.pem leaf-key.pem > chain.pem
            openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ec-key.pem -out ec.pem -days 2 -subj /CN=ec
            cat ec.pem ec-key.pem > ec-combined.pem
            printf 'not a certificate' > garbage.bin
            """
        let made = await runShell(script)
        precondition(made.exitCode == 0, "openssl could not create the test certificates: \(made.output)")
        func fingerprint(_ algorithm: String) async -> [UInt8] {
            let line = await runShell("openssl x509 -in \(directory)/cert.pem -noout -fingerprint -\(algorithm)").output
            let hex = line.split(separator: "=").last.map { $0.filter { $0.isHexDigit } } ?? ""
            return stride(from: 0, to: hex.count, by: 2).map { offset in
                let start = hex.index(hex.startIndex, offsetBy: offset)
                return UInt8(hex[start..<hex.index(start, offsetBy: 2)], radix: 16)!
            }
        }
        func derBase64(_ name: String) async -> String {
            await runShell("openssl x509 -in \(directory)/\(name) -outform DER | base64 -w0").output.filter {
                !$0.isWhitespace
            }
        }
        return CertificateFixtures(
            directory: directory, combinedPEM: "\(directory)/combined.pem", keyFirstPEM: "\(directory)/key-first.pem",
            certificateOnlyPEM: "\(directory)/cert.pem", encryptedPEM: "\(directory)/encrypted.pem",
            pfx: "\(directory)/cert.pfx", unprotectedPFX: "\(directory)/unprotected.pfx",
            chainPEM: "\(directory)/chain.pem",
            ecPEM: "\(directory)/ec-combined.pem", garbage: "\(directory)/garbage.bin",
            sha256Fingerprint: await fingerprint("sha256"), sha1Fingerprint: await fingerprint("sha1"),
            chainLeafDERBase64: await derBase64("leaf.pem"), chainCADERBase64: await derBase64("ca.pem"))
    }
}

/// Runs `command` with /bin/sh through the module's own runner (polls; never blocks a thread).
func runShell(_ command: String, timeout: Double = 60) async -> (exitCode: Int32, output: String) {
    let result = try? await PosixProcessRunner().run(
        executablePath: "/bin/sh", arguments: ["-c", command], environment: ["PATH": "/usr/local/bin:/usr/bin:/bin"],
        timeout: timeout)
    guard let result else { return (-1, "cannot run /bin/sh") }
    return (result.exitCode, String(decoding: result.standardOutput + result.standardError, as: UTF8.self))
}
