// Handshakes that succeed: both versions, ALPN, SNI, IP literals, IPv6, writes queued before the handshake.
#if canImport(Glibc)
import Glibc
#endif
import Posix
import Reactor
import Testing
import TestSupport
import TLS

@Suite struct TLSHandshakeTests {
    @Test(arguments: [TLSVersion.tls12, .tls13])
    func echoRoundTripNegotiatesTheVersionAndALPN(version: TLSVersion) throws {
        let loop = try TestLoop()
        let serverProbe = StreamProbe(), clientProbe = StreamProbe()
        let server = try TLSTestServer(on: loop, configuration: try TestTLS.server(try TestTLS.certificates().localhost,
                                                                                 maximumVersion: version)) {
            EchoDelegate(serverProbe)
        }
        let client = try TestTLS.client(minimumVersion: version)
        TestTLS.connect(on: loop, to: server.address, serverName: "localhost", configuration: client, makeDelegate: {
            let delegate = RecordingDelegate(clientProbe)
            delegate.onEstablished = { $0.write(text: "hello over TLS") }
            return delegate
        })
        #expect(eventually { clientProbe.text == "hello over TLS" })
        #expect(clientProbe.events.values.first == "established")
        for probe in [clientProbe, serverProbe] {
            #expect(probe.detail("version") == version.description)
            #expect(probe.detail("alpn") == "http/1.1")
        }
        #expect(clientProbe.closeError == nil)
    }

    @Test func alpnPicksTheServersChoiceAndIsAbsentWithNoneInCommon() throws {
        let loop = try TestLoop()
        let certificates = try TestTLS.certificates()
        let serverProbe = StreamProbe()
        let server = try TLSTestServer(on: loop, configuration: try TestTLS.server(certificates.localhost,
                                                                                 alpn: ["http/1.1", "h2"])) {
            EchoDelegate(serverProbe)
        }
        let offersBoth = StreamProbe(), offersOther = StreamProbe()
        TestTLS.connect(on: loop, to: server.address, serverName: "localhost",
                        configuration: try TestTLS.client(alpn: ["h2", "http/1.1"]), makeDelegate: { RecordingDelegate(offersBoth) })
        TestTLS.connect(on: loop, to: server.address, serverName: "localhost",
                        configuration: try TestTLS.client(alpn: ["spdy/3"]), makeDelegate: { RecordingDelegate(offersOther) })
        #expect(eventually { offersBoth.detail("alpn") != nil && offersOther.detail("alpn") != nil })
        #expect(offersBoth.detail("alpn") == "http/1.1")  // the server's preference wins
        #expect(offersOther.detail("alpn") == "nil")      // no ALPN, but the handshake succeeds
    }

    @Test func serverReceivesSNIForANameButNotForAnAddress() throws {
        let loop = try TestLoop()
        let serverProbes = Recorder<StreamProbe>()
        let server = try TLSTestServer(on: loop, configuration: try TestTLS.server(try TestTLS.certificates().localhost)) {
            let probe = StreamProbe()
            serverProbes.append(probe)
            return EchoDelegate(probe)
        }
        let client = try TestTLS.client()
        for name in ["localhost", "127.0.0.1"] {
            let clientProbe = StreamProbe()
            TestTLS.connect(on: loop, to: server.address, serverName: name, configuration: client,
                            makeDelegate: { RecordingDelegate(clientProbe) })
            #expect(eventually { clientProbe.events.values.contains("established") })
            #expect(clientProbe.detail("serverName") == name)
        }
        #expect(eventually { serverProbes.values.count == 2 && serverProbes.values.allSatisfy { $0.detail("serverName") != nil } })
        #expect(serverProbes.values.map { $0.detail("serverName") } == ["localhost", "nil"])
    }

    @Test(.enabled(if: ipv6LoopbackAvailable(), "no IPv6 loopback (::1) on this machine"))
    func ipv6LoopbackVerifiesTheAddressAgainstTheIPSAN() throws {
        let loop = try TestLoop()
        let serverProbe = StreamProbe(), clientProbe = StreamProbe()
        let server = try TLSTestServer(on: loop, host: "::1",
                                       configuration: try TestTLS.server(try TestTLS.certificates().localhost)) {
            EchoDelegate(serverProbe)
        }
        TestTLS.connect(on: loop, to: server.address, serverName: "[::1]", configuration: try TestTLS.client(),
                        makeDelegate: {
                            let delegate = RecordingDelegate(clientProbe)
                            delegate.onEstablished = { $0.write(text: "v6") }
                            return delegate
                        })
        #expect(eventually { clientProbe.text == "v6" })
        #expect(clientProbe.detail("serverName") == "::1")
    }

    @Test func writesQueuedBeforeTheHandshakeArriveInOrder() throws {
        let loop = try TestLoop()
        let serverProbe = StreamProbe(), clientProbe = StreamProbe()
        let server = try TLSTestServer(on: loop, configuration: try TestTLS.server(try TestTLS.certificates().localhost)) {
            RecordingDelegate(serverProbe)
        }
        TestTLS.connect(on: loop, to: server.address, serverName: "localhost", configuration: try TestTLS.client(),
                        makeDelegate: { RecordingDelegate(clientProbe) }) { stream in
            // Still connecting: these wait for TCP, then for the TLS handshake.
            for part in ["one ", "two ", "three"] { stream.write(text: part) }
            stream.withOutboundQueue { $0.append(Array(" four".utf8)) }
        }
        #expect(eventually { serverProbe.text == "one two three four" })
        #expect(clientProbe.closeError == nil)
    }

    @Test func leftoverPlaintextIsOfferedToADelegateInstalledDuringDelivery() throws {
        let loop = try TestLoop()
        let serverProbe = StreamProbe(), upgradedProbe = StreamProbe()
        let server = try TLSTestServer(on: loop, configuration: try TestTLS.server(try TestTLS.certificates().localhost)) {
            UpgradingDelegate(head: Array("UPGRADE\n".utf8), next: RecordingDelegate(upgradedProbe), probe: serverProbe)
        }
        TestTLS.connect(on: loop, to: server.address, serverName: "localhost", configuration: try TestTLS.client(),
                        makeDelegate: { RecordingDelegate(StreamProbe()) }) { stream in
            stream.write(text: "UPGRADE\nframes after the upgrade")  // one record: one delivery
        }
        #expect(eventually { upgradedProbe.text == "frames after the upgrade" })
        #expect(serverProbe.text == "UPGRADE\n")
    }
}

/// Consumes `head`, then hands the stream to `next` (as an HTTP server hands it to WebSocket).
final class UpgradingDelegate: ByteStreamDelegate {
    let head: [UInt8]
    let next: any ByteStreamDelegate
    let probe: StreamProbe

    init(head: [UInt8], next: any ByteStreamDelegate, probe: StreamProbe) {
        self.head = head
        self.next = next
        self.probe = probe
    }

    func stream(_ stream: any ByteStream, received bytes: UnsafeMutableRawBufferPointer) -> Int {
        guard bytes.count >= head.count else { return 0 }
        probe.append(UnsafeRawBufferPointer(rebasing: bytes[0..<head.count]))
        stream.delegate = next
        return head.count
    }

    func streamReachedEndOfInput(_ stream: any ByteStream) {}
    func streamBecameWritable(_ stream: any ByteStream) {}
    func streamClosed(_ stream: any ByteStream, error: (any Error)?) { probe.recordClose(error) }
}

/// True when a socket can be bound to ::1.
func ipv6LoopbackAvailable() -> Bool {
    guard let address = try? SocketAddress.resolve(host: "::1", port: 0).first,
          let descriptor = try? Socket.listen(on: address, reusePort: false) else { return false }
    close(descriptor)
    return true
}
