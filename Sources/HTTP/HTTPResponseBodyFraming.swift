// How the body of a response is delimited (RFC 9112 §6.3).

/// How a response's body is delimited, decided from its status, the request method and its header
/// fields (RFC 9112 §6.3).
public enum HTTPResponseBodyFraming: Sendable, Equatable {
    /// No body: a response to HEAD, a 1xx other than 101, 204 or 304 (RFC 9112 §6.3 rule 1).
    case none
    /// No body, and the bytes after the head belong to another protocol: 101 Switching Protocols
    /// (RFC 9110 §15.2.2) or a 2xx answer to CONNECT (RFC 9112 §6.3 rule 2).
    case switchedProtocols
    /// Exactly this many bytes follow the head (RFC 9112 §6.3 rule 6); may be 0.
    case contentLength(Int)
    /// The body uses the chunked transfer coding (RFC 9112 §6.3 rule 4, §7.1).
    case chunked
    /// The body is every byte until the server closes the connection (RFC 9112 §6.3 rule 8).
    case untilClose
}
