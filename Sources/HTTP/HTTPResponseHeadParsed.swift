// A parsed and validated response head: status line, header fields and body framing.

/// What ``HTTPResponseParser`` read from a response head (RFC 9112 §4, §5), already validated.
///
/// Not to be confused with ``HTTPResponseHead``, which a server serialises.
public struct HTTPResponseHeadParsed: Sendable, Equatable {
    /// The status code, with the reason phrase as received (RFC 9112 §4: informational only).
    public var status: HTTPStatus
    /// The version of the status line: HTTP/1.0 or HTTP/1.1 (or a later 1.x, reported as sent).
    public var version: HTTPVersion
    /// The header fields, in order.
    public var headers: HTTPHeaders
    /// How the body that follows the head is delimited.
    public var bodyFraming: HTTPResponseBodyFraming
    /// Whether the connection may carry another request after this response (RFC 9112 §9.3): false
    /// when Connection lists "close", for HTTP/1.0 without "keep-alive", for bodies read until close
    /// and after switching protocols.
    public var keepAlive: Bool

    /// Creates a head from its parts (the parser is the usual source; this is for tests and tools).
    public init(
        status: HTTPStatus, version: HTTPVersion = .http1_1, headers: HTTPHeaders,
        bodyFraming: HTTPResponseBodyFraming = .none, keepAlive: Bool = true
    ) {
        self.status = status
        self.version = version
        self.headers = headers
        self.bodyFraming = bodyFraming
        self.keepAlive = keepAlive
    }

    /// Compares status codes (not phrases), versions, fields byte for byte, framing and persistence.
    public static func == (lhs: HTTPResponseHeadParsed, rhs: HTTPResponseHeadParsed) -> Bool {
        lhs.status == rhs.status && lhs.status.reasonPhrase == rhs.status.reasonPhrase
            && lhs.version == rhs.version && lhs.headers == rhs.headers
            && lhs.bodyFraming == rhs.bodyFraming && lhs.keepAlive == rhs.keepAlive
    }
}
