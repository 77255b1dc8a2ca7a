// The HTTP client over TLS: the test CA is trusted, a wrong host or an untrusted CA is refused with the cause.
import NetworkTestSupport
import Outbound
import Reactor
import TLS
import TestSupport
import Testing

func sendTLS(_ request: HTTPClientRequest, trust: TLSTrust, on loop: OutboundTestLoop) async throws -> Outcome<ResponseSummary> {
    try await send(request, tls: try TLSConfiguration.client(trust: trust), on: loop)
}

@Suite struct HTTPSClientTests {
    let loop: OutboundTestLoop
    let certificates: TestCertificates
    init() throws {
        loop = try OutboundTestLoop()
        certificates = try TestCertificates.shared()
    }

    func server(_ identity: TestCertificates.Identity) throws -> ScriptedServer {
        let tls = try TLSConfiguration.server(certificateChainFile: identity.certificateFile,
                                              privateKeyFile: identity.privateKeyFile)
        return try ScriptedServer(tls: tls) { _ in .json(200, #"{"access_token":"x"}"#) }
    }

    @Test(arguments: ["localhost", "127.0.0.1"])
    func httpsWithATrustedCertificate(host: String) async throws {
        let server = try server(certificates.localhost)
        let outcome = try await sendTLS(HTTPClientRequest(url: "https://\(host):\(server.port)/token"),
                                        trust: .caFile(certificates.caFile), on: loop)
        #expect(outcome == .success(ResponseSummary(status: 200, body: #"{"access_token":"x"}"#, contentType: "application/json")))
        #expect(server.requests.first?.header("host") == "\(host):\(server.port)")
    }

    @Test func aCertificateForAnotherHostIsRefused() async throws {
        let server = try server(certificates.wrongHost)
        let outcome = try await sendTLS(HTTPClientRequest(url: "https://127.0.0.1:\(server.port)/token"),
                                        trust: .caFile(certificates.caFile), on: loop)
        let message = try #require(outcome.failureMessage)
        #expect(message.contains("certificate verify failed: host name mismatch for 127.0.0.1"), "\(message)")
        #expect(server.requests.isEmpty)
    }

    @Test func anUntrustedCAIsRefusedWithWhatToDo() async throws {
        let server = try server(certificates.untrusted)
        let outcome = try await sendTLS(HTTPClientRequest(url: "https://localhost:\(server.port)/token"),
                                        trust: .caFile(certificates.caFile), on: loop)
        let message = try #require(outcome.failureMessage)
        #expect(message.contains("certificate verify failed"), "\(message)")
        #expect(message.contains("not signed by a trusted CA"), "\(message)")
        #expect(server.requests.isEmpty)
    }

    @Test func aPlainHTTPServerOnAnHTTPSURLIsAClearError() async throws {
        let plain = try ScriptedServer { _ in .json(200, "{}") }
        let outcome = try await sendTLS(HTTPClientRequest(url: "https://127.0.0.1:\(plain.port)/token", timeout: 3),
                                        trust: .caFile(certificates.caFile), on: loop)
        let message = try #require(outcome.failureMessage)
        #expect(message.contains("TLS"), "\(message)")
    }
}
