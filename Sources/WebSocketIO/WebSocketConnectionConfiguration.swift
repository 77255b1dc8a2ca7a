// Settings of a WebSocket connection's I/O shell: codec limits plus keepalive and close timing.
import WebSocket

/// Timing and limits of one WebSocket connection. Durations in seconds.
public struct WebSocketConnectionConfiguration: Sendable {
    /// Frame and message size limits (`--max-message-bytes`).
    public var codec = WebSocketConfiguration()
    /// A ping goes out after this long without receiving anything: reverse proxies drop sockets idle
    /// for 60 s, so the default keeps well under that.
    public var pingInterval = 20.0
    /// Nothing received for this long (not even a pong) means the peer is gone: the connection closes.
    public var deadPeerTimeout = 60.0
    /// After sending a close frame, how long to wait for the peer's before closing the socket.
    public var closeTimeout = 5.0

    public init() {}
}
