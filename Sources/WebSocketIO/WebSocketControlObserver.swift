// Control frames the connection handles itself (pings answered, pongs, the close handshake), shown to
// whoever records every frame (the relay's frame log). The delegate never sees these.
import WebSocket

/// A control frame, sent or received.
public enum WebSocketControlFrame {
    case ping(UnsafeRawBufferPointer)
    case pong(UnsafeRawBufferPointer)
    /// `code` nil: a close frame without a status code.
    case close(code: WebSocketCloseCode?, reason: String)
}

/// Told of every control frame as it is received or queued. Called on the connection's loop; a
/// payload is valid only during the call.
public protocol WebSocketControlObserver: AnyObject {
    func webSocket(_ connection: WebSocketConnection, control frame: WebSocketControlFrame, sent: Bool)
}
