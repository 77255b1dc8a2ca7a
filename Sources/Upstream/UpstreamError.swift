// Why an upstream session did not open: credential, network, TLS, refusal or handshake.
import Credentials
import Outbound
import WebSocketIO

public enum UpstreamError: Error, CustomStringConvertible {
    /// No credential: the chain failed, or no token could be had in time.
    case credential(CredentialError)
    /// DNS, TCP or TLS failed.
    case dial(DialError)
    /// Azure answered the upgrade with an HTTP error.
    case rejected(UpstreamRejection)
    /// Any other handshake failure (a bad 101, the connection closed, no answer).
    case handshake(WebSocketConnectError)
    /// The whole open took longer than the connect timeout.
    case timedOut(phase: String, seconds: Double)

    public var description: String {
        switch self {
        case .credential(let error): "no upstream credential: \(error)"
        case .dial(let error): "cannot reach the upstream: \(error)"
        case .rejected(let rejection): "\(rejection)"
        case .handshake(let error): "upstream WebSocket handshake failed: \(error)"
        case .timedOut(let phase, let seconds): "the upstream did not open within \(seconds) s (stuck at: \(phase))"
        }
    }
}
