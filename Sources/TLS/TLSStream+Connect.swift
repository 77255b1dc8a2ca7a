// Opening TLS streams: a client connecting over a new TCP connection, a server over an accepted one.
#if canImport(Glibc)
import Glibc
#endif
import Posix
import Reactor

extension TLSStream {
    /// Connects to `address` and runs the client handshake once TCP is established, verifying the
    /// server's certificate for `serverName` (a DNS name, also sent as SNI, or an IP literal).
    ///
    /// The delegate hears `streamEstablished` when the TLS handshake completes, or `streamClosed`
    /// with the reason: the TCP connection's `SystemCallError` (refused, unreachable, timed out
    /// while connecting), or a `TLSError` (certificate refused, handshake failed, or no complete
    /// handshake within `timeout` nanoseconds of this call). Writes made before then are sent after.
    /// Throws a `TLSError` (`.configuration`) for an unusable server name, or the socket's error.
    ///
    /// The handshake offers the session this loop last received from the same server name and
    /// port under the same `configuration` (see TLSSessionCache), and falls back to a full one
    /// if the server declines; `sessionReused` tells which happened.
    public static func connect(to address: SocketAddress, serverName: String, configuration: TLSConfiguration,
                               context: LoopContext, timeout: UInt64, delegate: any ByteStreamDelegate) throws -> TLSStream {
        guard configuration.role == .client else {
            throw TLSError(kind: .configuration, message: "TLSStream.connect needs a client configuration")
        }
        guard TLSServerIdentity(serverName) != nil else { throw TLSServerIdentity.missing }  // before any socket
        // The TLS stream becomes the TCP connection's delegate before the loop can report anything.
        let connection = try TCPConnection.connect(to: address, context: context, timeout: timeout,
                                                   delegate: UnattachedDelegate())
        let stream: TLSStream
        do {
            stream = try TLSStream(over: connection, configuration: configuration, serverName: serverName,
                                   resumingFor: address.port, delegate: delegate)
        } catch {
            connection.close(error: nil)
            throw error
        }
        stream.startHandshakeTimer(after: timeout) { [address] in
            // Still connecting: the TCP connection's own timer fires at the same moment; either way
            // the caller hears what TCPConnection.connect would have said.
            SystemCallError("connect(\(address))", errno: ETIMEDOUT)
        }
        return stream
    }

    /// Runs the server handshake over an accepted connection, replacing its delegate. The delegate
    /// hears `streamEstablished` when the handshake completes, or `streamClosed` with a `TLSError`.
    /// With `handshakeTimeout` (nanoseconds), a client that has not completed the handshake by
    /// then is disconnected.
    public static func accept(over lower: TCPConnection, configuration: TLSConfiguration, handshakeTimeout: UInt64? = nil,
                              delegate: any ByteStreamDelegate) -> TLSStream {
        precondition(configuration.role == .server, "TLSStream.accept needs a server configuration")
        // A server needs no server name, the only thing the initializer can reject.
        let stream = try! TLSStream(over: lower, configuration: configuration, delegate: delegate)
        if let handshakeTimeout { stream.startHandshakeTimer(after: handshakeTimeout) { nil } }
        return stream
    }

    /// Fails the stream if the handshake has not completed `nanoseconds` from now.
    /// `whileConnecting` gives the error to report if TCP itself has not connected by then.
    private func startHandshakeTimer(after nanoseconds: UInt64, whileConnecting: @escaping () -> (any Error)?) {
        let timer = LoopTimer(context: context) { [weak self] in
            guard let self else { return }
            switch phase {
            case .connecting:
                close(error: whileConnecting() ?? Self.handshakeTimeout(nanoseconds))
            case .handshaking:
                fail(Self.handshakeTimeout(nanoseconds))
            case .established, .closed:
                return
            }
        }
        timer.schedule(after: nanoseconds)
        handshakeTimer = timer
    }

    private static func handshakeTimeout(_ nanoseconds: UInt64) -> TLSError {
        let milliseconds = nanoseconds / 1_000_000
        let duration = milliseconds % 1000 == 0 ? "\(milliseconds / 1000) s" : "\(milliseconds) ms"
        return TLSError(kind: .timedOut, message: "TLS handshake did not complete within \(duration)")
    }
}

/// The TCP connection's delegate for the moment between its creation and the TLS stream's.
private final class UnattachedDelegate: ByteStreamDelegate {
    func stream(_ stream: any ByteStream, received bytes: UnsafeMutableRawBufferPointer) -> Int { 0 }
    func streamReachedEndOfInput(_ stream: any ByteStream) {}
    func streamBecameWritable(_ stream: any ByteStream) {}
    func streamClosed(_ stream: any ByteStream, error: (any Error)?) {}
}
