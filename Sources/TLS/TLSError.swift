// Why TLS failed, in words an operator can act on: what went wrong, and where possible what to do.

/// A TLS failure: a configuration that cannot be built, a handshake the peer refused or could not
/// do, a certificate we refuse, or a connection that ended badly.
///
/// `message` names the cause, e.g. `certificate verify failed: host name mismatch for 127.0.0.1`
/// or `TLS handshake failed: the peer does not speak TLS (it sent "HTTP/1.1 400 Bad Request")`.
/// Failures of the TCP connection underneath (refused, reset, timed out while connecting) are not
/// wrapped: a `TLSStream` reports them as the `SystemCallError` its lower stream reported.
public struct TLSError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The broad class of the failure, for callers that react differently to each.
    public enum Kind: Sendable, Equatable {
        /// A `TLSConfiguration` could not be built (unreadable certificate, key or CA file, a bad
        /// ALPN name), or a stream was asked for something its configuration cannot do.
        case configuration
        /// The handshake failed: the peer is not speaking TLS, sent a fatal alert, offered nothing
        /// we accept (versions, ciphers), or closed the connection before the handshake completed.
        case handshakeFailed
        /// The server's certificate was refused: untrusted issuer, wrong host, expired, ...
        case certificateVerificationFailed
        /// The handshake did not complete within the caller's timeout.
        case timedOut
        /// The peer closed the TCP connection without a TLS close_notify: what arrived last may be
        /// incomplete (RFC 8446 §6.1). Plaintext received before the close was delivered first.
        case truncated
        /// After the handshake: a record that fails to decrypt or a fatal alert from the peer.
        case protocolError
    }

    /// The class of the failure.
    public let kind: Kind
    /// The whole explanation; `description` returns it unchanged.
    public let message: String

    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
