// A request that passed the server's opening-handshake checks, with what the application decides on.

import HTTP

/// A valid WebSocket upgrade request (RFC 6455 §4.2.1), as returned by
/// ``WebSocketServerHandshake/evaluate(_:)``.
///
/// The handshake checks only the protocol; whether to accept the origin, which subprotocol to pick and
/// whether to enable permessage-deflate are the application's choices, made from these values.
public struct WebSocketUpgradeRequest: Sendable, Equatable {
    /// `Sec-WebSocket-Key`, as sent (base64 of 16 bytes).
    public var key: String
    /// `Origin` (RFC 6455 §4.2.1 item 7, RFC 6454), sent by browsers; nil when absent.
    public var origin: String?
    /// The `Sec-WebSocket-Protocol` values of every such field, split at commas and trimmed, in order
    /// of preference (RFC 6455 §4.2.1 item 8). Empty when none was sent.
    public var requestedProtocols: [String]
    /// Every extension offered in `Sec-WebSocket-Extensions` (RFC 6455 §9.1); empty when the field is
    /// absent or malformed (a malformed list is ignored, so no extension is accepted).
    public var extensions: [WebSocketExtension]
    /// The valid permessage-deflate offers among ``extensions``, in the client's order: the input of
    /// ``PerMessageDeflate/accept(offers:configuration:)``.
    public var deflateOffers: [PerMessageDeflateParameters]
    /// The request path, still percent-encoded.
    public var path: String
    /// The query after '?', still percent-encoded; nil when there is none.
    public var query: String?
    /// The whole request head, for everything else (cookies, authorization, forwarding fields).
    public var head: HTTPRequestHead

    /// Creates a request from its parts (``WebSocketServerHandshake/evaluate(_:)`` is the usual source).
    public init(
        key: String, origin: String?, requestedProtocols: [String], extensions: [WebSocketExtension],
        deflateOffers: [PerMessageDeflateParameters], path: String, query: String?, head: HTTPRequestHead
    ) {
        self.key = key
        self.origin = origin
        self.requestedProtocols = requestedProtocols
        self.extensions = extensions
        self.deflateOffers = deflateOffers
        self.path = path
        self.query = query
        self.head = head
    }
}
