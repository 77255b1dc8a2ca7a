// A blocking loopback client for tests: send raw bytes, read HTTP responses, detect closes, with deadlines.
#if canImport(Glibc)
import Glibc
#endif
import Posix

/// A TCP client socket with a receive deadline, so a test that waits can fail instead of hanging.
public final class TestConnection {
    public let descriptor: Int32
    private var pending: [UInt8] = []

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(_ description: String) { self.description = description }
    }

    public init(port: Int, host: String = "127.0.0.1", timeout: Double = 5) throws {
        let address = try SocketAddress.resolve(host: host, port: port, passive: false)[0]
        descriptor = socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw SystemCallError("socket", errno: errno) }
        setTimeout(timeout)
        var storage = address.storage
        let status = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, address.length) }
        }
        if status != 0 {
            let code = errno
            close(descriptor)
            throw SystemCallError("connect(\(address))", errno: code)
        }
    }

    deinit { close(descriptor) }

    public func setTimeout(_ seconds: Double) {
        var limit = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - Double(Int(seconds))) * 1_000_000))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    }

    public func send(_ text: String) throws { try send(Array(text.utf8)) }

    public func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent < 0 {
                if errno == EINTR { continue }
                throw SystemCallError("send", errno: errno)
            }
            offset += sent
        }
    }

    /// Reads what is available (blocking up to the timeout). Empty means the peer closed.
    public func receiveSome() throws -> [UInt8] {
        if !pending.isEmpty {
            defer { pending.removeAll() }
            return pending
        }
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count >= 0 { return Array(buffer[0..<count]) }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { throw Failure("timed out waiting for data") }
            throw SystemCallError("recv", errno: errno)
        }
    }

    /// Reads until the peer closes (or resets); returns everything received.
    public func receiveUntilClosed() throws -> [UInt8] {
        var all: [UInt8] = []
        while true {
            let chunk: [UInt8]
            do { chunk = try receiveSome() } catch let error as SystemCallError where error.errno == ECONNRESET { return all }
            if chunk.isEmpty { return all }
            all += chunk
        }
    }

    /// True when the peer closed the connection within the timeout (EOF or reset, with no more data).
    public func peerClosed() -> Bool {
        do { return try receiveSome().isEmpty } catch let error as SystemCallError { return error.errno == ECONNRESET } catch { return false }
    }

    /// Reads one HTTP/1.1 response. `bodyExpected: false` for HEAD requests and 304s.
    public func readResponse(bodyExpected: Bool = true) throws -> TestResponse {
        var buffer = pending
        pending.removeAll()
        while true {
            if let end = Self.headEnd(in: buffer) {
                var response = try TestResponse(head: Array(buffer[0..<end]))
                var rest = Array(buffer[(end + 4)...])
                let length = bodyExpected && response.status != 304 ? Int(response.header("content-length") ?? "0") ?? 0 : 0
                while rest.count < length {
                    let chunk = try receiveSome()
                    if chunk.isEmpty { throw Failure("connection closed inside a body") }
                    rest += chunk
                }
                response.body = Array(rest[0..<length])
                pending = Array(rest[length...])
                return response
            }
            let chunk = try receiveSome()
            if chunk.isEmpty { throw Failure("connection closed before a response (got \(buffer.count) bytes)") }
            buffer += chunk
        }
    }

    private static func headEnd(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4) where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index
        }
        return nil
    }
}

/// A parsed HTTP response as the test client saw it.
public struct TestResponse {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8] = []

    init(head: [UInt8]) throws {
        let lines = String(decoding: head, as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: false)
        let statusLine = lines[0].split(separator: " ", maxSplits: 2)
        guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/1."), let status = Int(statusLine[1]) else {
            throw TestConnection.Failure("not an HTTP response: \(lines[0])")
        }
        self.status = status
        headers = lines.dropFirst().compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]).lowercased(), String(line[line.index(after: colon)...]).trimmingSpaces())
        }
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.0 == name.lowercased() }?.1
    }

    public var text: String { String(decoding: body, as: UTF8.self) }
}

extension String {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
