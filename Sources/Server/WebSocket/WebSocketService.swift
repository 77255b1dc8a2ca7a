// The hook through which an application (the relay, the echo testee) takes WebSocket upgrades.
import HTTP
import WebSocket
import WebSocketIO

/// What the server does with a WebSocket upgrade request: refuse it, or accept (naming a subprotocol).
package enum WebSocketUpgradeDecision: Sendable {
    case accept(subprotocol: String?)
    /// An HTTP status sent instead of the upgrade, with a short reason as the body.
    case refuse(HTTPStatus, reason: String)
    /// An HTTP status with a body of the service's own (e.g. JSON that an SDK client can show).
    case refuseWithBody(HTTPStatus, contentType: String, body: String)
}

/// Decides about upgrades and receives upgraded connections. `decide` and `upgraded` run on the loop
/// that owns the connection.
package protocol WebSocketService: Sendable {
    /// Whether `path` is a WebSocket endpoint (other paths are served as plain HTTP).
    func handles(path: String) -> Bool
    /// Sees Origin, the requested subprotocols, path and query; accepts or refuses.
    func decide(_ request: WebSocketUpgradeRequest, head: HTTPRequestHead) -> WebSocketUpgradeDecision
    /// Called right after the 101 response is queued: become the connection's delegate.
    func upgraded(_ connection: WebSocketConnection, request: WebSocketUpgradeRequest, head: HTTPRequestHead)
}
