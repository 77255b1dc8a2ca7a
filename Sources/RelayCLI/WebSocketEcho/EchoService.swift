// The echo application: accept every WebSocket upgrade and send each message back, with backpressure.
import HTTP
import Server
import WebSocket
import WebSocketIO

/// Accepts upgrades on every path. Stateless, so Sendable.
struct EchoService: WebSocketService {
    func handles(path: String) -> Bool { true }

    func decide(_ request: WebSocketUpgradeRequest, head: HTTPRequestHead) -> WebSocketUpgradeDecision {
        .accept(subprotocol: nil)
    }

    func upgraded(_ connection: WebSocketConnection, request: WebSocketUpgradeRequest, head: HTTPRequestHead) {
        connection.delegate = EchoSession()
    }
}

/// Echoes one connection's messages. Loop-confined.
final class EchoSession: WebSocketConnectionDelegate {
    func webSocket(_ connection: WebSocketConnection, received message: WebSocketMessage) {
        connection.send(message.opcode, payload: message.payload)
        // A peer that sends faster than it reads: stop reading it until its replies drain.
        if connection.isOutputFull { connection.pauseReading() }
    }

    func webSocketBecameWritable(_ connection: WebSocketConnection) {
        connection.resumeReading()
    }

    func webSocketClosed(_ connection: WebSocketConnection, code: WebSocketCloseCode, reason: String) {}
}
