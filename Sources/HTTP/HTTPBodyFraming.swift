// How the body of a request is delimited (RFC 9112 §6).

/// How a request's body is delimited, decided from its header fields (RFC 9112 §6.3).
public enum HTTPBodyFraming: Sendable, Equatable {
    /// No body: neither Content-Length nor Transfer-Encoding was sent (RFC 9112 §6.3, rule 7).
    case none
    /// Exactly this many bytes follow the head (RFC 9112 §6.2); may be 0.
    case contentLength(Int)
    /// The body uses the chunked transfer coding (RFC 9112 §7.1).
    case chunked
}
