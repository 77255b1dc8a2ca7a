// Why a server refuses an opening handshake: the status to answer with, extra headers, a short reason.

import HTTP

/// A request the server will not upgrade (RFC 6455 §4.2.1, §4.2.2, §4.4). The server answers with
/// `status` and `headers` (plus its usual Content-Length and Connection fields) and may send `reason`
/// as a plain-text body.
///
/// `reason` is fixed text chosen by the handshake; it never contains bytes sent by the client.
public struct WebSocketHandshakeRejection: Error, Sendable, Equatable, CustomStringConvertible {
    /// 400, 405 or 426.
    public let status: HTTPStatus
    /// Header fields the response must carry, e.g. `Sec-WebSocket-Version: 13` with a 426
    /// (RFC 6455 §4.4) or `Allow: GET` with a 405 (RFC 9110 §15.5.6).
    public let headers: [(name: String, value: String)]
    /// A short explanation, e.g. "Sec-WebSocket-Key does not decode to 16 bytes".
    public let reason: String

    /// Creates a rejection.
    public init(status: HTTPStatus, headers: [(name: String, value: String)] = [], reason: String) {
        self.status = status
        self.headers = headers
        self.reason = reason
    }

    /// `426 Upgrade Required: unsupported Sec-WebSocket-Version` and so on.
    public var description: String { "\(status.code) \(status.reasonPhrase): \(reason)" }

    /// Equal when status, headers (in order) and reason are equal.
    public static func == (lhs: WebSocketHandshakeRejection, rhs: WebSocketHandshakeRejection) -> Bool {
        lhs.status == rhs.status && lhs.reason == rhs.reason
            && lhs.headers.elementsEqual(rhs.headers) { $0.name == $1.name && $0.value == $1.value }
    }

    static func badRequest(_ reason: String) -> WebSocketHandshakeRejection {
        WebSocketHandshakeRejection(status: .badRequest, reason: reason)
    }
}
