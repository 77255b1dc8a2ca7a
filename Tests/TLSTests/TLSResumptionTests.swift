// Client session resumption over loopback: a second connection to the same upstream resumes,
// another name, port or configuration does not, and verification still refuses an untrusted server.
import Posix
import Reactor
import Testing
import TestSupport
@testable import TLS

@Suite struct TLSResumptionTests {
    /// Connects, sends a line and waits for its echo (by then the server's NewSessionTickets,
    /// sent before the echo, have been read); returns whether the handshake resumed a session.
    private func exchange(on loop: TestLoop, server: TLSTestServer, serverName: String,
                          configuration: TLSConfiguration) throws -> Bool {
        let probe = StreamProbe()
        TestTLS.connect(on: loop, to: server.address, serverName: serverName, configuration: configuration,
                        makeDelegate: {
                            let delegate = RecordingDelegate(probe)
                            delegate.onEstablished = { $0.write(text: "ping") }
                            return delegate
                        })
        guard eventually({ probe.text == "ping" || probe.isClosed }), probe.text == "ping" else {
            throw TestConnection.Failure("no echo: \(probe.closeError ?? "still open")")
        }
        return probe.detail("reused") == "yes"
    }

    private func echoServer(on loop: TestLoop, maximumVersion: TLSVersion? = nil,
                            identity: TestCertificates.Identity? = nil) throws -> TLSTestServer {
        let identity = try identity ?? TestTLS.certificates().localhost
        return try TLSTestServer(on: loop, configuration: try TestTLS.server(identity, maximumVersion: maximumVersion)) {
            EchoDelegate(StreamProbe())
        }
    }

    @Test func theSecondConnectionToTheSameUpstreamResumes() throws {
        let loop = try TestLoop()
        let server = try echoServer(on: loop)
        let client = try TestTLS.client()
        #expect(try exchange(on: loop, server: server, serverName: "localhost", configuration: client) == false)
        #expect(try loop.sample { TLSSessionCache.of($0).count } == 1)
        #expect(try exchange(on: loop, server: server, serverName: "localhost", configuration: client) == true)
        // Each handshake brings new tickets, so the next one resumes too.
        #expect(try exchange(on: loop, server: server, serverName: "localhost", configuration: client) == true)
    }

    @Test func aTLS13TicketIsOfferedOnlyOnce() throws {
        let loop = try TestLoop()
        let server = try echoServer(on: loop)
        let client = try TestTLS.client()
        _ = try exchange(on: loop, server: server, serverName: "localhost", configuration: client)
        let address = server.address
        // Once the ClientHello is out the ticket has left the cache, before any reply could refill it.
        let countAfterOffering = try loop.sample { context -> Int in
            let stream = try? TLSStream.connect(to: address, serverName: "localhost", configuration: client,
                                                context: context, timeout: Nanoseconds.seconds(5),
                                                delegate: RecordingDelegate(StreamProbe()))
            if let stream, case .connecting = stream.phase { stream.streamEstablished(stream.lower) }
            return TLSSessionCache.of(context).count
        }
        #expect(countAfterOffering == 0)
    }

    @Test func aConnectionThatNeverReachesTheServerLeavesTheTicket() throws {
        let loop = try TestLoop()
        let server = try echoServer(on: loop)
        let client = try TestTLS.client()
        _ = try exchange(on: loop, server: server, serverName: "localhost", configuration: client)
        // Same name and port, but nothing listens on ::1 (the server is on 127.0.0.1).
        let probe = StreamProbe()
        TestTLS.connect(on: loop, to: try SocketAddress.resolve(host: "::1", port: server.port, passive: false)[0],
                        serverName: "localhost", configuration: client, makeDelegate: { RecordingDelegate(probe) })
        #expect(eventually { probe.isClosed })
        #expect(try loop.sample { TLSSessionCache.of($0).count } == 1)
        #expect(try exchange(on: loop, server: server, serverName: "localhost", configuration: client) == true)
    }

    @Test func tls12SessionsResumeRepeatedly() throws {
        let loop = try TestLoop()
        let server = try echoServer(on: loop, maximumVersion: .tls12)
        let client = try TestTLS.client()
        #expect(try exchange(on: loop, server: server, serverName: "localhost", configuration: client) == false)
        #expect(try exchange(on: loop, server: server, serverName: "localhost", configuration: client) == true)
        #expect(try exchange(on: loop, server: server, serverName: "localhost", configuration: client) == true)
    }

    @Test func anotherNamePortOrConfigurationDoesNotResume() throws {
        let loop = try TestLoop()
        let server = try echoServer(on: loop)
        let other = try echoServer(on: loop)
        let client = try TestTLS.client()
        #expect(try exchange(on: loop, server: server, serverName: "localhost", configuration: client) == false)
        // Same server, another name: no SNI match, so no session.
        #expect(try exchange(on: loop, server: server, serverName: "127.0.0.1", configuration: client) == false)
        // Same name, another port.
        #expect(try exchange(on: loop, server: other, serverName: "localhost", configuration: client) == false)
        // Same name and port, another client configuration (its own trust).
        #expect(try exchange(on: loop, server: server, serverName: "localhost", configuration: try TestTLS.client()) == false)
        // The original upstream still resumes.
        #expect(try exchange(on: loop, server: server, serverName: "localhost", configuration: client) == true)
    }

    @Test func anUntrustedServerIsRefusedWhileATrustedOnesSessionIsCached() throws {
        let loop = try TestLoop()
        let certificates = try TestTLS.certificates()
        let trusted = try echoServer(on: loop)
        let untrusted = try echoServer(on: loop, identity: certificates.untrusted)
        let client = try TestTLS.client()
        _ = try exchange(on: loop, server: trusted, serverName: "localhost", configuration: client)
        #expect(try loop.sample { TLSSessionCache.of($0).count } == 1)

        let probe = StreamProbe()
        TestTLS.connect(on: loop, to: untrusted.address, serverName: "localhost", configuration: client,
                        makeDelegate: { RecordingDelegate(probe) })
        #expect(eventually { probe.isClosed })
        #expect(!probe.events.values.contains("established"))
        #expect(probe.closeTLSError?.kind == .certificateVerificationFailed)
    }

    @Test func theCacheKeepsAtMostItsCapacity() throws {
        let loop = try TestLoop()
        let client = try TestTLS.client()
        var servers: [TLSTestServer] = []
        for _ in 0..<(TLSSessionCache.capacity + 2) {
            let server = try echoServer(on: loop)
            servers.append(server)
            _ = try exchange(on: loop, server: server, serverName: "localhost", configuration: client)
        }
        #expect(try loop.sample { TLSSessionCache.of($0).count } == TLSSessionCache.capacity)
        // The oldest upstream was evicted; the newest resumes.
        #expect(try exchange(on: loop, server: servers[0], serverName: "localhost", configuration: client) == false)
        #expect(try exchange(on: loop, server: servers.last!, serverName: "localhost", configuration: client) == true)
    }
}
