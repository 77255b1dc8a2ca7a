// Certificates for TLS tests, made once per test process with the openssl command: good, wrong, untrusted, expired.
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// PEM files for TLS tests: a test CA and server identities signed by it (or not). Generated
/// once per test process, on first use, into a temporary directory (removed at exit) by the
/// `openssl` command, which must be on PATH. Keys are EC P-256, so generation takes a moment.
///
/// ```swift
/// let certificates = try TestCertificates.shared()
/// let server = try TLSConfiguration.server(certificateChainFile: certificates.localhost.certificateFile,
///                                          privateKeyFile: certificates.localhost.privateKeyFile)
/// let client = try TLSConfiguration.client(trust: .caFile(certificates.caFile))
/// // connect with serverName "localhost", "127.0.0.1" or "::1"
/// ```
///
/// Every certificate file holds the leaf alone; its issuer is the root, so a client that trusts
/// `caFile` can verify it without intermediates.
public final class TestCertificates: Sendable {
    /// A server's certificate and private key (PEM files), and the names it is valid for.
    public struct Identity: Sendable {
        public let certificateFile: String
        public let privateKeyFile: String
        /// Subject alternative names: DNS names and IP addresses.
        public let names: [String]
    }

    /// The directory holding every file below.
    public let directory: String
    /// The test CA's certificate: trust it with `TLSTrust.caFile(caFile)`.
    public let caFile: String
    /// Valid for `localhost`, `127.0.0.1` and `::1`, signed by the test CA, for ten years.
    public let localhost: Identity
    /// Valid only for `wrong.example`, signed by the test CA: any loopback name mismatches.
    public let wrongHost: Identity
    /// Valid for the loopback names, signed by the test CA, but expired yesterday.
    public let expired: Identity
    /// A second CA that no test trusts unless it asks for it.
    public let untrustedCAFile: String
    /// Valid for the loopback names, but signed by the untrusted CA.
    public let untrusted: Identity

    /// The process's certificates, generated on the first call (later calls return them at once).
    public static func shared() throws -> TestCertificates {
        try cache.withLock { cached in
            if let cached { return cached }
            let made = try TestCertificates()
            cached = made
            atexit { TestCertificates.cache.withLock { $0?.removeDirectory() } }
            return made
        }
    }

    private static let cache = Mutex<TestCertificates?>(nil)
    private static let loopbackNames = ["localhost", "127.0.0.1", "::1"]

    private init() throws {
        var template = Array("/tmp/relay-test-certificates-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw TestConnection.Failure("mkdtemp failed: errno \(errno)")
        }
        let directory = String(cString: made)
        func identity(_ name: String, _ names: [String]) -> Identity {
            Identity(certificateFile: "\(directory)/\(name).pem", privateKeyFile: "\(directory)/\(name).key", names: names)
        }
        self.directory = directory
        caFile = "\(directory)/ca.pem"
        untrustedCAFile = "\(directory)/untrusted-ca.pem"
        localhost = identity("localhost", Self.loopbackNames)
        wrongHost = identity("wrong-host", ["wrong.example"])
        expired = identity("expired", Self.loopbackNames)
        untrusted = identity("untrusted", Self.loopbackNames)
        try generate()
    }

    private func generate() throws {
        // The CA's extensions come from a config of our own, so the system's openssl.cnf does not matter.
        let configuration = """
            [req]
            distinguished_name = subject
            prompt = no
            [subject]
            CN = unused
            [ca]
            basicConstraints = critical, CA:TRUE
            keyUsage = critical, keyCertSign, cRLSign
            subjectKeyIdentifier = hash

            """
        guard let file = fopen("\(directory)/openssl.cnf", "w") else { throw TestConnection.Failure("cannot write openssl.cnf") }
        fputs(configuration, file)
        fclose(file)
        // `leaf NAME ISSUER DAYS SANS`: a negative DAYS gives a certificate that has already expired.
        let script = """
            set -e
            cd '\(directory)'
            export OPENSSL_CONF="$PWD/openssl.cnf"
            key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key"; }
            ca() {
                key "$1"
                openssl req -x509 -new -key "$1.key" -subj "/CN=$2" -extensions ca -days 3650 -sha256 -out "$1.pem"
            }
            leaf() {
                key "$1"
                openssl req -new -key "$1.key" -subj "/CN=$1" -out "$1.csr"
                printf 'basicConstraints = CA:FALSE\\nkeyUsage = critical, digitalSignature\\nextendedKeyUsage = serverAuth\\nsubjectAltName = %s\\n' "$5" > "$1.ext"
                openssl x509 -req -in "$1.csr" -CA "$2.pem" -CAkey "$2.key" -set_serial "$3" -days "$4" -sha256 -extfile "$1.ext" -out "$1.pem"
            }
            ca ca "realtime-relay test CA"
            ca untrusted-ca "realtime-relay untrusted test CA"
            leaf localhost ca 2 3650 "DNS:localhost, IP:127.0.0.1, IP:::1"
            leaf wrong-host ca 3 3650 "DNS:wrong.example"
            leaf expired ca 4 -1 "DNS:localhost, IP:127.0.0.1, IP:::1"
            leaf untrusted untrusted-ca 5 3650 "DNS:localhost, IP:127.0.0.1, IP:::1"
            """
        let child = try ChildProcess(shellCommand: script)
        guard let status = child.waitForExit(timeout: 60) else {
            throw TestConnection.Failure("openssl did not finish generating test certificates:\n\(child.output)")
        }
        guard status == 0 else {
            throw TestConnection.Failure("generating test certificates failed (is the openssl command installed?):\n\(child.output)")
        }
    }

    private func removeDirectory() {
        _ = system("rm -rf '\(directory)'")
    }
}
