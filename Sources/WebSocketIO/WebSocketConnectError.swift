// Why an outgoing WebSocket connection did not open, in words an operator can act on.
import HTTP
import WebSocket

public enum WebSocketConnectError: Error, CustomStringConvertible {
    /// TCP could not connect (refused, unreachable, timed out).
    case transport(address: String, underlying: any Error)
    /// The server answered the upgrade, but not acceptably (a non-101 status, a bad accept key...).
    case handshake(WebSocketClientHandshakeError)
    /// The server's response was not valid HTTP.
    case malformedResponse(HTTPResponseParseError)
    /// No complete response within the handshake timeout.
    case timedOut(seconds: Double)
    /// The connection ended before the response was complete.
    case closedDuringHandshake

    public var description: String {
        switch self {
        case .transport(let address, let underlying): "cannot connect to \(address): \(underlying)"
        case .handshake(let error): "\(error)"
        case .malformedResponse(let error): "the server's handshake response is not valid HTTP: \(error.reason)"
        case .timedOut(let seconds): "no handshake response within \(seconds) s"
        case .closedDuringHandshake: "the server closed the connection during the WebSocket handshake"
        }
    }
}
