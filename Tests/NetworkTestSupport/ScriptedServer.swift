// A loopback server for client tests: each request gets a scripted reply, over plain TCP or TLS.
#if canImport(Glibc)
import Glibc
#endif
import HTTP
import Posix
import Reactor
import TestSupport
import TLS
import WebSocket
import WebSocketIO

/// What a request seen by a ``ScriptedServer`` carried (copied, so tests can look at it later).
public struct ScriptedRequest: Sendable {
    public let method: String
    public let path: String
    public let query: String?
    public let headers: [(name: String, value: String)]
    public let body: [UInt8]

    /// The first field named `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }

    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The value of query parameter `name` (not percent-decoded).
    public func queryItem(_ name: String) -> String? {
        guard let query else { return nil }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.first.map(String.init) == name { return parts.count > 1 ? String(parts[1]) : "" }
        }
        return nil
    }
}

/// How the server answers one request.
public enum ScriptedReply: Sendable {
    /// A complete response with Content-Length.
    case respond(status: Int, headers: [(String, String)], body: [UInt8])
    /// These bytes, then close (malformed responses, chunked bodies written by hand).
    case raw([UInt8])
    /// Never answer (the client's timeout must fire).
    case hang
    /// Close without answering.
    case close
    /// Accept the WebSocket upgrade; the closure runs on the loop with the new connection (set its
    /// delegate there, send a greeting...).
    case webSocket(@Sendable (WebSocketConnection) -> Void)

    public static func json(_ status: Int, _ body: String, headers: [(String, String)] = []) -> ScriptedReply {
        .respond(status: status, headers: [("Content-Type", "application/json")] + headers, body: Array(body.utf8))
    }
}

/// Listens on 127.0.0.1 (or `::1`) with one loop; `handler` picks each reply. Every request is
/// recorded in `requests`. Stopped when released.
public final class ScriptedServer: Sendable {
    public let port: Int
    private let group: LoopGroup
    private let recorded = Recorder<ScriptedRequest>()

    public init(host: String = "127.0.0.1", tls: TLSConfiguration? = nil,
                handler: @escaping @Sendable (ScriptedRequest) -> ScriptedReply) throws {
        let group = try LoopGroup(count: 1, threadName: "scripted")
        let address = SocketAddress.numeric(host: host, port: 0)!
        let listening = try Socket.listen(on: address, reusePort: false)
        port = try Socket.localAddress(of: listening).port
        self.group = group
        let recorded = self.recorded
        try group.start { context in
            let listener = try Listener(context: context, descriptor: listening, onAccept: { fd, peer in
                guard let tcp = try? TCPConnection(context: context, descriptor: fd, peer: peer) else { _ = close(fd); return }
                let exchange = ScriptedExchange(handler: handler) { request in recorded.append(request) }
                if let tls {
                    _ = TLSStream.accept(over: tcp, configuration: tls, delegate: exchange)
                } else {
                    tcp.delegate = exchange
                }
            }, onError: { _ in })
            context.setAttachment(listener, for: Listener.self)
        }
    }

    /// Every request received so far, in order.
    public var requests: [ScriptedRequest] { recorded.values }

    deinit {
        group.loops[0].execute { $0.attachment(Listener.self)?.close() }
        group.stop()
        group.join()
    }
}

/// One accepted connection: parse a request, record it, answer as scripted.
final class ScriptedExchange: ByteStreamDelegate {
    private let handler: @Sendable (ScriptedRequest) -> ScriptedReply
    private let record: (ScriptedRequest) -> Void
    private var parser = HTTPRequestParser()
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(handler: @escaping @Sendable (ScriptedRequest) -> ScriptedReply, record: @escaping (ScriptedRequest) -> Void) {
        self.handler = handler
        self.record = record
    }

    func stream(_ stream: any ByteStream, received bytes: UnsafeMutableRawBufferPointer) -> Int {
        var consumed = 0
        while true {
            let step: HTTPParseStep
            do {
                step = try parser.parse(UnsafeRawBufferPointer(rebasing: bytes[consumed...]))
            } catch {
                stream.close(error: nil)
                return bytes.count
            }
            switch step {
            case .needMoreBytes:
                return consumed
            case .head(let parsed, let count):
                head = parsed
                consumed += count
            case .body(let range, let count):
                body += bytes[consumed + range.lowerBound ..< consumed + range.upperBound]
                consumed += count
            case .end(let count):
                consumed += count
                guard let head else { return consumed }
                self.head = nil
                let request = ScriptedRequest(method: head.method.rawValue, path: head.path, query: head.query,
                                              headers: head.headers.map { ($0.name, $0.value) }, body: body)
                body = []
                record(request)
                reply(handler(request), to: head, on: stream)
                return consumed
            }
        }
    }

    private func reply(_ reply: ScriptedReply, to head: HTTPRequestHead, on stream: any ByteStream) {
        switch reply {
        case .respond(let status, let headers, let body):
            var text = "HTTP/1.1 \(status) \(HTTPStatus(code: status).reasonPhrase)\r\n"
            for (name, value) in headers { text += "\(name): \(value)\r\n" }
            text += "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"
            (Array(text.utf8) + body).withUnsafeBytes { stream.write($0) }
            stream.closeAfterFlush()
        case .raw(let bytes):
            bytes.withUnsafeBytes { stream.write($0) }
            stream.closeAfterFlush()
        case .hang:
            stream.pauseReading()
        case .close:
            stream.close(error: nil)
        case .webSocket(let takeOver):
            guard case .success(let upgrade) = WebSocketServerHandshake.evaluate(head) else {
                return self.reply(.respond(status: 400, headers: [], body: Array("not a WebSocket upgrade".utf8)),
                                  to: head, on: stream)
            }
            WebSocketServerHandshake.response(for: upgrade, protocol: nil, deflate: nil).withUnsafeBytes { stream.write($0) }
            let connection = WebSocketConnection(stream: stream, role: .server, configuration: WebSocketConnectionConfiguration(),
                                                 inflater: nil, deflater: nil)
            takeOver(connection)
        }
    }

    func streamReachedEndOfInput(_ stream: any ByteStream) { stream.close(error: nil) }
    func streamBecameWritable(_ stream: any ByteStream) {}
    func streamClosed(_ stream: any ByteStream, error: (any Error)?) {}
}
