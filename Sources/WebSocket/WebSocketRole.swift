// Which end of a WebSocket connection this codec speaks for; it decides who masks (RFC 6455 §5.1).

/// The side of the connection a ``WebSocketFrameDecoder`` or ``WebSocketFrameEncoder`` works for.
///
/// RFC 6455 §5.1: a client masks every frame it sends and a server masks none. A decoder in the
/// `.server` role therefore requires masked frames, one in the `.client` role refuses them, and an
/// encoder masks exactly in the `.client` role.
public enum WebSocketRole: Sendable {
    /// The accepting side (for the relay: toward the browser).
    case server
    /// The connecting side (for the relay: toward the upstream).
    case client
}
