// What a WebSocketConnection tells the application: messages, writability, the close.
import WebSocket

/// The application side of a WebSocket connection. All calls happen on the connection's loop.
public protocol WebSocketConnectionDelegate: AnyObject {
    /// A whole text or binary message. `message.payload` is valid only during this call: forward or
    /// copy it before returning. Call `connection.pauseReading()` here to stop further messages.
    func webSocket(_ connection: WebSocketConnection, received message: WebSocketMessage)
    /// Queued output dropped below the low watermark after passing the high one.
    func webSocketBecameWritable(_ connection: WebSocketConnection)
    /// The connection is closed; the last call. `code` is the peer's close code, or ours if we
    /// closed first; 1006 (abnormal closure) when the socket ended without a close frame.
    func webSocketClosed(_ connection: WebSocketConnection, code: WebSocketCloseCode, reason: String)
}

extension WebSocketConnectionDelegate {
    public func webSocketBecameWritable(_ connection: WebSocketConnection) {}
}
