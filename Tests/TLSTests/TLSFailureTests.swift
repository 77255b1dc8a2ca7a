// Handshakes and connections that go wrong: peers that are not TLS, hang up, stall, or end without close_notify.
#if canImport(Glibc)
import Glibc
#endif
import Posix
import Reactor
import Testing
import TestSupport
import TLS

@Suite struct TLSFailureTests {
    @Test func serverThatIsNotTLSFailsTheHandshakeSayingWhatItSent() throws {
        let loop = try TestLoop()
        let listener = try RawListener()
        let probe = StreamProbe()
        TestTLS.connect(on: loop, to: try SocketAddress.resolve(host: "127.0.0.1", port: listener.port)[0],
                        serverName: "localhost", configuration: try TestTLS.client(),
                        makeDelegate: { RecordingDelegate(probe) })
        let peer = try listener.acceptOne()
        defer { close(peer) }
        _ = readSome(peer)  // the ClientHello
        writeAll(peer, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
        #expect(eventually { probe.isClosed })
        #expect(probe.closeTLSError?.kind == .handshakeFailed)
        #expect(probe.closeError?.hasPrefix("TLS handshake failed: the peer does not speak TLS (it sent \"HTTP/1.1 400 Bad Request") == true, "\(probe.closeError ?? "open")")
    }

    @Test func clientThatIsNotTLSIsRefusedAndDisconnected() throws {
        let loop = try TestLoop()
        let serverProbe = StreamProbe()
        let server = try TLSTestServer(on: loop, configuration: try TestTLS.server(try TestTLS.certificates().localhost)) {
            RecordingDelegate(serverProbe)
        }
        let client = try TestConnection(port: server.port)
        try client.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
        #expect(eventually { serverProbe.isClosed })
        #expect(serverProbe.closeError?.hasPrefix("TLS handshake failed: the peer does not speak TLS (it sent \"GET / HTTP/1.1") == true, "\(serverProbe.closeError ?? "open")")
        #expect(client.peerClosed())  // OpenSSL sends no alert to an HTTP client: just the close
    }

    @Test func peerClosingMidHandshakeIsReported() throws {
        let loop = try TestLoop()
        let listener = try RawListener()
        let probe = StreamProbe()
        TestTLS.connect(on: loop, to: try SocketAddress.resolve(host: "127.0.0.1", port: listener.port)[0],
                        serverName: "localhost", configuration: try TestTLS.client(),
                        makeDelegate: { RecordingDelegate(probe) })
        let peer = try listener.acceptOne()
        _ = readSome(peer)
        writeAll(peer, "\u{16}\u{03}\u{03}\u{00}\u{40}")  // the start of a handshake record, and no more
        close(peer)
        #expect(eventually { probe.isClosed })
        #expect(probe.closeTLSError == TLSError(kind: .handshakeFailed,
                                                message: "TLS handshake failed: the peer closed the connection during the handshake"))
    }

    @Test func stalledServerHandshakeEndsAtTheCallersTimeout() throws {
        let loop = try TestLoop()
        let listener = try RawListener()  // the kernel completes TCP; nobody ever answers the ClientHello
        let probe = StreamProbe()
        let started = ChildProcess.now()
        TestTLS.connect(on: loop, to: try SocketAddress.resolve(host: "127.0.0.1", port: listener.port)[0],
                        serverName: "localhost", configuration: try TestTLS.client(),
                        timeout: Nanoseconds.milliseconds(300), makeDelegate: { RecordingDelegate(probe) })
        #expect(eventually { probe.isClosed })
        #expect(ChildProcess.now() - started < 3)
        #expect(probe.closeTLSError == TLSError(kind: .timedOut, message: "TLS handshake did not complete within 300 ms"))
    }

    @Test func stalledClientIsDisconnectedAfterTheServersHandshakeTimeout() throws {
        let loop = try TestLoop()
        let serverProbe = StreamProbe()
        let server = try TLSTestServer(on: loop, configuration: try TestTLS.server(try TestTLS.certificates().localhost),
                                       handshakeTimeout: Nanoseconds.milliseconds(200)) { RecordingDelegate(serverProbe) }
        let client = try TestConnection(port: server.port)  // connects, then says nothing
        #expect(client.peerClosed())
        #expect(eventually { serverProbe.isClosed })
        #expect(serverProbe.closeTLSError?.kind == .timedOut)
    }

    @Test func closeNotifyEndsInputAfterTheLastBytesAndBothSidesCloseCleanly() throws {
        let loop = try TestLoop()
        let serverProbe = StreamProbe(), clientProbe = StreamProbe()
        let server = try TLSTestServer(on: loop, configuration: try TestTLS.server(try TestTLS.certificates().localhost)) {
            let delegate = RecordingDelegate(serverProbe)
            delegate.onEstablished = { stream in
                stream.write(text: "last words")
                stream.closeAfterFlush()
            }
            return delegate
        }
        TestTLS.connect(on: loop, to: server.address, serverName: "localhost", configuration: try TestTLS.client(),
                        makeDelegate: {
                            let delegate = RecordingDelegate(clientProbe)
                            delegate.onEndOfInput = { $0.closeAfterFlush() }  // answer with our own close_notify
                            return delegate
                        })
        #expect(eventually { clientProbe.isClosed && serverProbe.isClosed })
        #expect(clientProbe.text == "last words")
        #expect(clientProbe.events.values == ["established", "eof", "closed"])
        #expect(serverProbe.events.values == ["established", "closed"])
    }

    @Test func endWithoutCloseNotifyIsTruncationAfterTheBytesBeforeIt() throws {
        let loop = try TestLoop()
        let clientProbe = StreamProbe()
        let server = try TLSTestServer(on: loop, configuration: try TestTLS.server(try TestTLS.certificates().localhost)) {
            let delegate = RecordingDelegate(StreamProbe())
            delegate.onEstablished = { stream in
                stream.write(text: "partial")
                // Once the record has left, end TCP under TLS's feet: FIN without close_notify.
                let tcp = (stream as! TLSStream).lower as! TCPConnection
                let timer = LoopTimer(context: tcp.context) { shutdown(tcp.descriptor, Int32(SHUT_WR)) }
                timer.schedule(after: Nanoseconds.milliseconds(100))
            }
            return delegate
        }
        TestTLS.connect(on: loop, to: server.address, serverName: "localhost", configuration: try TestTLS.client(),
                        makeDelegate: { RecordingDelegate(clientProbe) })
        #expect(eventually { clientProbe.isClosed })
        #expect(clientProbe.text == "partial")
        #expect(clientProbe.closeTLSError?.kind == .truncated)
        #expect(!clientProbe.events.values.contains("eof"))
    }

    @Test func refusedTCPConnectionPassesTheSystemErrorThrough() throws {
        let loop = try TestLoop()
        let port = try RawListener().port  // listened on, then closed: nobody is there now
        let probe = StreamProbe()
        TestTLS.connect(on: loop, to: try SocketAddress.resolve(host: "127.0.0.1", port: port)[0],
                        serverName: "localhost", configuration: try TestTLS.client(),
                        makeDelegate: { RecordingDelegate(probe) })
        #expect(eventually { probe.isClosed })
        #expect(probe.closeTLSError == nil)
        #expect(probe.closeError?.contains("Connection refused") == true)
    }
}

/// One read from a blocking socket (up to 64 KB); empty on EOF or timeout.
func readSome(_ descriptor: Int32) -> [UInt8] {
    var buffer = [UInt8](repeating: 0, count: 65536)
    let count = read(descriptor, &buffer, buffer.count)
    return count > 0 ? Array(buffer[0..<count]) : []
}

func writeAll(_ descriptor: Int32, _ text: String) {
    let bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
        let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        if written <= 0 { return }
        offset += written
    }
}
