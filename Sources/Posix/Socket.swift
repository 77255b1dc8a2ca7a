// TCP socket set-up: listening sockets (SO_REUSEPORT for one per loop), accept4, socket options.
#if canImport(Glibc)
import Glibc
#endif
import CLinux

public enum Socket {
    /// Creates a non-blocking listening socket bound to `address`. With `reusePort`, several sockets
    /// (one per loop thread) may bind the same address and the kernel balances connections among them.
    public static func listen(on address: SocketAddress, backlog: Int32 = 1024, reusePort: Bool) throws(SystemCallError) -> Int32 {
        let fd = try retryingInterrupts("socket") {
            socket(address.family, CLinux_SOCK_STREAM() | CLinux_SOCK_NONBLOCK() | CLinux_SOCK_CLOEXEC(), 0)
        }
        do throws(SystemCallError) {
            try setOption(fd, SOL_SOCKET, SO_REUSEADDR, 1, name: "SO_REUSEADDR")
            if reusePort { try setOption(fd, SOL_SOCKET, CLinux_SO_REUSEPORT(), 1, name: "SO_REUSEPORT") }
            if address.family == AF_INET6 {
                // Listen on IPv6 only when asked for IPv6; `--host ::` then still takes IPv4 through mapping off.
                try setOption(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, 0, name: "IPV6_V6ONLY")
            }
            var storage = address.storage
            let bound = withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, address.length) }
            }
            if bound != 0 { throw SystemCallError("bind(\(address))", errno: errno) }
            if Glibc.listen(fd, backlog) != 0 { throw SystemCallError("listen(\(address))", errno: errno) }
            return fd
        } catch {
            close(fd)
            throw error
        }
    }

    /// The address a socket is bound to (the real port after binding port 0).
    public static func localAddress(of fd: Int32) throws(SystemCallError) -> SocketAddress {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let status = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        if status != 0 { throw SystemCallError("getsockname", errno: errno) }
        return SocketAddress(storage: storage, length: length)
    }

    /// Accepts one connection as a non-blocking, close-on-exec socket.
    public static func accept(from listener: Int32) -> AcceptOutcome {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        while true {
            let fd = withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    CLinux_accept4(listener, $0, &length)
                }
            }
            if fd >= 0 { return .accepted(fd, SocketAddress(storage: storage, length: length)) }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            // The peer gave up while queued: nothing to do but try the next one.
            case ECONNABORTED, EPROTO, EPERM: continue
            case let code: return .failed(SystemCallError("accept4", errno: code))
            }
        }
    }

    /// The error pending on a socket (SO_ERROR), e.g. ECONNRESET after epoll reported EPOLLERR.
    public static func pendingError(_ fd: Int32) -> Int32 {
        var code: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        _ = getsockopt(fd, SOL_SOCKET, SO_ERROR, &code, &length)
        return code
    }

    /// Disables Nagle's algorithm: realtime events are small and latency-sensitive.
    public static func setNoDelay(_ fd: Int32) {
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    public static func setOption(_ fd: Int32, _ level: Int32, _ option: Int32, _ value: Int32, name: String) throws(SystemCallError) {
        var value = value
        if setsockopt(fd, level, option, &value, socklen_t(MemoryLayout<Int32>.size)) != 0 {
            throw SystemCallError("setsockopt(\(name))", errno: errno)
        }
    }
}

public enum AcceptOutcome {
    case accepted(Int32, SocketAddress)
    case wouldBlock
    case failed(SystemCallError)
}
