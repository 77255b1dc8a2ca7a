// Dialing a TLS upstream twice from one loop: the second handshake resumes the first's session.
import NetworkTestSupport
import Outbound
import Reactor
import TestSupport
import Testing
import TLS

@Suite struct DialerResumptionTests {
    /// Dials, sends one request and waits for the start of the response (the server's session
    /// tickets come before it); answers whether the handshake resumed a session.
    private func dialOnce(_ target: DialTarget, on loop: OutboundTestLoop) async throws -> Outcome<Bool> {
        try await loop.run { context, done in
            Dialer.dial(target, context: context, timeout: 3) { result in
                switch result {
                case .success(let stream):
                    let reused = (stream as? TLSStream)?.sessionReused ?? false
                    stream.delegate = FirstBytesDelegate { done(.success(reused)) }
                    Array("GET /token HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".utf8).withUnsafeBytes {
                        stream.write($0)
                    }
                case .failure(let error):
                    done(.failure("\(error)"))
                }
            }
        }
    }

    @Test func theSecondDialToTheSameUpstreamResumes() async throws {
        let certificates = try TestCertificates.shared()
        let server = try ScriptedServer(tls: try TLSConfiguration.server(
            certificateChainFile: certificates.localhost.certificateFile,
            privateKeyFile: certificates.localhost.privateKeyFile)) { _ in .json(200, "{}") }
        let loop = try OutboundTestLoop()
        let target = DialTarget(host: "localhost", port: server.port,
                                tls: try TLSConfiguration.client(trust: .caFile(certificates.caFile)))
        let first = try await dialOnce(target, on: loop)
        #expect(first == .success(false))
        let second = try await dialOnce(target, on: loop)
        #expect(second == .success(true))
        // Another name for the same server is another upstream: a full handshake.
        // "localhost" is ::1 first, where nothing listens: that refused attempt must not spend the ticket.
        var byAddress = target
        byAddress.host = "127.0.0.1"
        #expect(try await dialOnce(byAddress, on: loop) == .success(false))
    }
}

/// Calls `onFirstBytes` once when the response starts, then closes the stream.
private final class FirstBytesDelegate: ByteStreamDelegate {
    private var onFirstBytes: (() -> Void)?
    init(_ onFirstBytes: @escaping () -> Void) { self.onFirstBytes = onFirstBytes }

    func stream(_ stream: any ByteStream, received bytes: UnsafeMutableRawBufferPointer) -> Int {
        onFirstBytes?()
        onFirstBytes = nil
        stream.close(error: nil)
        return bytes.count
    }
    func streamReachedEndOfInput(_ stream: any ByteStream) {}
    func streamBecameWritable(_ stream: any ByteStream) {}
    func streamClosed(_ stream: any ByteStream, error: (any Error)?) {}
}
