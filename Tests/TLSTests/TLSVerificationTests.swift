// Certificates a client must refuse, with messages that say what to do; configuration mistakes.
#if canImport(Glibc)
import Glibc
#endif
import Posix
import Reactor
import Testing
import TestSupport
import TLS

@Suite struct TLSVerificationTests {
    /// Connects a client to a server presenting `identity`; returns the client's and server's probes once both closed.
    private func attempt(identity: TestCertificates.Identity, serverName: String,
                         client: TLSConfiguration) throws -> (client: StreamProbe, server: StreamProbe) {
        let loop = try TestLoop()
        let serverProbe = StreamProbe(), clientProbe = StreamProbe()
        let server = try TLSTestServer(on: loop, configuration: try TestTLS.server(identity)) { EchoDelegate(serverProbe) }
        TestTLS.connect(on: loop, to: server.address, serverName: serverName, configuration: client,
                        makeDelegate: { RecordingDelegate(clientProbe) })
        #expect(eventually { clientProbe.isClosed && serverProbe.isClosed })
        #expect(!clientProbe.events.values.contains("established"))
        return (clientProbe, serverProbe)
    }

    @Test(arguments: ["127.0.0.1", "localhost"])
    func wrongHostIsRefusedNamingBothNames(serverName: String) throws {
        let certificates = try TestTLS.certificates()
        let (client, server) = try attempt(identity: certificates.wrongHost, serverName: serverName, client: try TestTLS.client())
        #expect(client.closeTLSError?.kind == .certificateVerificationFailed)
        #expect(client.closeError
                == "certificate verify failed: host name mismatch for \(serverName) (the certificate is for wrong.example)")
        // The client's alert reaches the server, which says why in its own words.
        #expect(server.closeTLSError?.kind == .handshakeFailed)
        #expect(server.closeError?.hasPrefix("TLS handshake failed:") == true, "\(server.closeError ?? "open")")
    }

    @Test func untrustedIssuerIsRefusedNamingTheTrustedCAFile() throws {
        let certificates = try TestTLS.certificates()
        let (client, _) = try attempt(identity: certificates.untrusted, serverName: "127.0.0.1", client: try TestTLS.client())
        #expect(client.closeTLSError?.kind == .certificateVerificationFailed)
        #expect(client.closeError == "certificate verify failed: unable to get local issuer certificate "
                + "(the server's certificate is not signed by a trusted CA; only the CAs in \(certificates.caFile) are trusted here, "
                + "SSL_CERT_FILE and SSL_CERT_DIR do not apply)")
    }

    @Test func expiredCertificateIsRefused() throws {
        let certificates = try TestTLS.certificates()
        let (client, _) = try attempt(identity: certificates.expired, serverName: "localhost", client: try TestTLS.client())
        #expect(client.closeTLSError?.kind == .certificateVerificationFailed)
        #expect(client.closeError?.hasPrefix("certificate verify failed: certificate has expired") == true, "\(client.closeError ?? "open")")
    }

    /// The only test that uses (and changes) SSL_CERT_FILE: system trust refuses the test CA with
    /// advice, then trusts it once SSL_CERT_FILE names it.
    @Test func systemTrustAdvisesSSLCertFileAndHonoursIt() throws {
        let certificates = try TestTLS.certificates()
        let variables: [String] = ["SSL_CERT_FILE", "SSL_CERT_DIR"]
        let saved = variables.map { name in (name, getenv(name).map { String(cString: $0) }) }
        defer { for (name, value) in saved { if let value { setenv(name, value, 1) } else { unsetenv(name) } } }
        unsetenv("SSL_CERT_FILE")
        unsetenv("SSL_CERT_DIR")
        let (refused, _) = try attempt(identity: certificates.localhost, serverName: "localhost",
                                       client: try TLSConfiguration.client(trust: .system))
        #expect(refused.closeError == "certificate verify failed: unable to get local issuer certificate "
                + "(the server's certificate is not signed by a trusted CA; set SSL_CERT_FILE or SSL_CERT_DIR)")

        setenv("SSL_CERT_FILE", certificates.caFile, 1)
        let trusting = try TLSConfiguration.client(trust: .system)
        let loop = try TestLoop()
        let probe = StreamProbe()
        let server = try TLSTestServer(on: loop, configuration: try TestTLS.server(certificates.localhost)) {
            EchoDelegate(StreamProbe())
        }
        TestTLS.connect(on: loop, to: server.address, serverName: "localhost", configuration: trusting,
                        makeDelegate: { RecordingDelegate(probe) })
        #expect(eventually { probe.events.values.contains("established") })

        setenv("SSL_CERT_FILE", "\(certificates.directory)/missing.pem", 1)
        #expect(throws: TLSError.self) { try TLSConfiguration.client(trust: .system) }
    }

    @Test func configurationMistakesNameTheFileAndTheReason() throws {
        let certificates = try TestTLS.certificates()
        let missing = "\(certificates.directory)/nothing-here.pem"
        let noChain = #expect(throws: TLSError.self) {
            try TLSConfiguration.server(certificateChainFile: missing, privateKeyFile: certificates.localhost.privateKeyFile)
        }
        #expect(noChain?.kind == .configuration)
        #expect(noChain?.message.hasPrefix("cannot load the certificate chain from \(missing): ") == true, "\(noChain?.message ?? "no error")")

        let mismatched = #expect(throws: TLSError.self) {
            try TLSConfiguration.server(certificateChainFile: certificates.localhost.certificateFile,
                                        privateKeyFile: certificates.wrongHost.privateKeyFile)
        }
        #expect(mismatched?.message.contains("does not match") == true, "\(mismatched?.message ?? "no error")")

        let noCA = #expect(throws: TLSError.self) { try TLSConfiguration.client(trust: .caFile(missing)) }
        #expect(noCA?.message.hasPrefix("cannot load CA certificates from \(missing)") == true, "\(noCA?.message ?? "no error")")

        let badALPN = #expect(throws: TLSError.self) { try TLSConfiguration.client(alpn: [""]) }
        #expect(badALPN?.kind == .configuration)

        let inverted = #expect(throws: TLSError.self) {
            try TLSConfiguration.client(minimumVersion: .tls13, maximumVersion: .tls12)
        }
        #expect(inverted?.kind == .configuration)
    }
}
