// An in-process server whose WebSocket service echoes (or refuses), for tests over real sockets.
import HTTP
import Logging
import Server
import TestSupport
import WebSocket
import WebSocketIO

/// Echoes messages on `/ws`; refuses `/forbidden` with 403. Stateless, so Sendable.
struct TestEchoService: WebSocketService {
    func handles(path: String) -> Bool { path == "/ws" || path == "/forbidden" }

    func decide(_ request: WebSocketUpgradeRequest, head: HTTPRequestHead) -> WebSocketUpgradeDecision {
        request.path == "/forbidden" ? .refuse(.forbidden, reason: "origin not allowed") : .accept(subprotocol: nil)
    }

    func upgraded(_ connection: WebSocketConnection, request: WebSocketUpgradeRequest, head: HTTPRequestHead) {
        connection.delegate = TestEchoSession()
    }
}

final class TestEchoSession: WebSocketConnectionDelegate {
    func webSocket(_ connection: WebSocketConnection, received message: WebSocketMessage) {
        connection.send(message.opcode, payload: message.payload)
    }

    func webSocketClosed(_ connection: WebSocketConnection, code: WebSocketCloseCode, reason: String) {}
}

/// A server on 127.0.0.1:0 with the echo service; stopped when released.
final class WebSocketTestServer {
    let server: HTTPServer
    let port: Int

    init(configure: (inout ServerConfiguration) -> Void = { _ in }) throws {
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.threads = 1
        configuration.publicDirectory = nil
        configuration.webSocketService = TestEchoService()
        configuration.logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        configure(&configuration)
        server = try HTTPServer(configuration: configuration)
        port = try server.start().port
    }

    deinit {
        server.stop()
        server.waitUntilStopped()
    }
}
