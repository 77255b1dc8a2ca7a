// The client side of TCPConnection: a non-blocking connect with a deadline, completed on the loop.
#if canImport(Glibc)
import Glibc
#endif
import CLinux
import Posix

extension TCPConnection {
    /// Starts connecting to `address` on `context`'s loop. The delegate hears `streamEstablished`
    /// once the TCP handshake completes, or `streamClosed(error:)` if it fails or takes longer
    /// than `timeout` nanoseconds. Writes made before then are queued and sent once connected.
    public static func connect(to address: SocketAddress, context: LoopContext, timeout: UInt64,
                               delegate: any ByteStreamDelegate) throws(SystemCallError) -> TCPConnection {
        let fd = try retryingInterrupts("socket") {
            socket(address.family, CLinux_SOCK_STREAM() | CLinux_SOCK_NONBLOCK() | CLinux_SOCK_CLOEXEC(), 0)
        }
        var storage = address.storage
        let status = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, address.length) }
        }
        if status != 0 && errno != EINPROGRESS {
            let code = errno
            Glibc.close(fd)
            throw SystemCallError("connect(\(address))", errno: code)
        }
        let connection: TCPConnection
        do {
            connection = try TCPConnection(context: context, descriptor: fd, peer: address, connecting: true)
        } catch {
            Glibc.close(fd)
            throw error
        }
        connection.delegate = delegate
        let timer = LoopTimer(context: context) { [weak connection] in
            guard let connection, connection.state == .connecting else { return }
            connection.close(error: SystemCallError("connect(\(address))", errno: ETIMEDOUT))
        }
        timer.schedule(after: timeout)
        connection.connectTimer = timer
        return connection
    }

    /// The socket became writable (or failed) while connecting: SO_ERROR tells which.
    func finishConnecting() {
        let code = Socket.pendingError(descriptor)
        guard code == 0 else {
            return close(error: SystemCallError("connect(\(peer))", errno: code))
        }
        connectTimer?.cancel()
        connectTimer = nil
        state = .open
        context.setInterest(.readable, for: descriptor)
        delegate?.streamEstablished(self)
        if state == .open && !outbound.isEmpty { flushNow() }
    }
}
