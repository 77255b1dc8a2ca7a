// What a client's successful opening handshake agreed on.

/// The outcome of a valid `101 Switching Protocols` (RFC 6455 §4.1), from
/// ``WebSocketClientHandshake/validate(_:body:)``.
public struct WebSocketClientNegotiation: Sendable, Equatable {
    /// The subprotocol the server chose among those requested, or nil.
    public var subprotocol: String?
    /// The permessage-deflate parameters the server accepted, or nil when compression is off; pass
    /// them to ``PerMessageDeflate/makeCodecs(parameters:role:configuration:)`` with role `.client`.
    public var deflate: PerMessageDeflateParameters?

    /// Creates an outcome.
    public init(subprotocol: String?, deflate: PerMessageDeflateParameters?) {
        self.subprotocol = subprotocol
        self.deflate = deflate
    }
}
