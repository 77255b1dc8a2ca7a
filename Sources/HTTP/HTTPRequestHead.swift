// A parsed and validated request head: request line, header fields, framing and persistence.

/// Everything the server needs from a request head (RFC 9112 §2.1), already validated.
public struct HTTPRequestHead: Sendable, Equatable {
    /// The method; only the methods of ``HTTPMethod`` get this far (others are a 501).
    public var method: HTTPMethod
    /// The raw request-target, exactly as received (RFC 9112 §3.2).
    public var target: String
    /// The path, still percent-encoded: for origin-form the target before '?'; for absolute-form
    /// (`http://host/p?q`) the path after the authority, "/" when that is empty; for asterisk-form
    /// (OPTIONS) "*"; for authority-form (CONNECT) the whole `host:port`. Only origin- and absolute-form
    /// paths start with "/".
    public var path: String
    /// The part of the target after the first '?', still percent-encoded; nil when there is no '?'.
    public var query: String?
    /// HTTP/1.0 or HTTP/1.1.
    public var version: HTTPVersion
    /// The header fields, in order.
    public var headers: HTTPHeaders
    /// How the body that follows the head is delimited.
    public var bodyFraming: HTTPBodyFraming
    /// Whether the connection may carry another request after this one (RFC 9112 §9.3): for HTTP/1.1
    /// unless Connection lists "close"; for HTTP/1.0 only if Connection lists "keep-alive" (and not "close").
    public var keepAlive: Bool

    /// Creates a head from its parts (the parser is the usual source; this is for tests and tools).
    public init(
        method: HTTPMethod, target: String, path: String, query: String?, version: HTTPVersion,
        headers: HTTPHeaders, bodyFraming: HTTPBodyFraming, keepAlive: Bool
    ) {
        self.method = method
        self.target = target
        self.path = path
        self.query = query
        self.version = version
        self.headers = headers
        self.bodyFraming = bodyFraming
        self.keepAlive = keepAlive
    }
}
