// Why a permessage-deflate offer or response was refused (RFC 7692 §7.1).

/// A permessage-deflate negotiation element that breaks RFC 7692 §7.1: a server declines such an offer;
/// a client that receives such a response fails the connection (RFC 7692 §7.1, RFC 6455 §4.1).
///
/// `reason` is fixed text plus parameter names; it never echoes parameter values.
public struct PerMessageDeflateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A short explanation, e.g. "duplicate parameter server_max_window_bits".
    public let reason: String

    /// Creates an error explained by `reason`.
    public init(reason: String) {
        self.reason = reason
    }

    /// `permessage-deflate: duplicate parameter server_max_window_bits` and so on.
    public var description: String { "permessage-deflate: \(reason)" }
}
