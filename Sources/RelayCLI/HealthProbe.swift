// A minimal blocking HTTP/1.1 GET with a deadline, used by `healthcheck` (not by the server).
#if canImport(Glibc)
import Glibc
#endif
import Posix

enum HealthProbe {
    struct ProbeError: Error, CustomStringConvertible {
        let description: String
    }

    /// Connects, sends `GET path`, and returns the response's status code.
    static func status(host: String, port: Int, path: String, timeout: Double) throws -> Int {
        guard let address = try SocketAddress.resolve(host: host, port: port, passive: false).first else {
            throw ProbeError(description: "no address for \(host)")
        }
        let fd = socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SystemCallError("socket", errno: errno) }
        defer { close(fd) }
        var limit = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var storage = address.storage
        let connected = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, address.length) }
        }
        guard connected == 0 else { throw SystemCallError("connect(\(address))", errno: errno) }
        let request = "GET \(path) HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n"
        _ = request.withCString { send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = recv(fd, &buffer, buffer.count, 0)
        guard count >= 12 else { throw ProbeError(description: count < 0 ? "timed out" : "connection closed") }
        // "HTTP/1.1 200 ..." - the status code is bytes 9..<12.
        let code = String(decoding: buffer[9..<12], as: UTF8.self)
        guard let status = Int(code) else { throw ProbeError(description: "not an HTTP response") }
        return status
    }
}
