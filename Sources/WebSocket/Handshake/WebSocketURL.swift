// A ws:// or wss:// URL (RFC 6455 §3) split into what a client needs to connect and to ask.
import HTTP

/// A WebSocket URI, `ws[s]://host[:port][/path][?query]` (RFC 6455 §3), validated by ``AbsoluteURL``:
/// the schemes `ws` (port 80) and `wss` (TLS, port 443); no userinfo, no fragment (RFC 6455 §3: "#"
/// must not be used).
public struct WebSocketURL: Sendable, Hashable, CustomStringConvertible {
    /// The parsed URL: host, port, path, query.
    public let url: AbsoluteURL

    /// Parses and validates `text`.
    public init(_ text: String) throws(WebSocketClientHandshakeError) {
        do {
            url = try AbsoluteURL(text, schemes: ["ws": 80, "wss": 443])
        } catch {
            throw .invalidURL(error.reason)
        }
    }

    /// `wss`: TLS, default port 443. `ws`: plain TCP, default port 80.
    public var isSecure: Bool { url.scheme == "wss" }
    /// The host to resolve and, for TLS, to name in SNI and verify: without brackets for IPv6.
    public var host: String { url.host }
    public var port: Int { url.port }
    /// The path, starting with "/", still percent-encoded.
    public var path: String { url.path }
    /// The query after '?', still percent-encoded; nil when there is none.
    public var query: String? { url.query }
    /// The request-target: the path, then '?' and the query if there is one (RFC 6455 §3).
    public var requestTarget: String { url.requestTarget }
    /// The Host field value: bracketed IPv6, `:port` only when not the scheme's default.
    public var hostHeader: String { url.hostHeader }
    /// The URL without its query (which can carry credentials): safe to log.
    public var description: String { url.description }
}
