// The error the response parser throws: what kind of fault, and a short reason.

/// A response the parser refuses (RFC 9112), or a misuse of the parser.
///
/// `reason` is a fixed phrase chosen by the parser; it never contains bytes sent by the peer, so it is
/// safe to log. Once one was thrown the parser keeps throwing it until ``HTTPResponseParser/reset()``.
public struct HTTPResponseParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The broad class of the fault, for callers that react differently to each.
    public enum Kind: Sendable, Equatable {
        /// The bytes are not a valid HTTP/1.x response (RFC 9112 §2-§7).
        case malformed
        /// The status line or the header section exceeds ``HTTPParserLimits``.
        case headTooLarge
        /// The body is longer than ``HTTPParserLimits/maxBodyBytes``; the first `maxBodyBytes` bytes
        /// were reported before this was thrown.
        case bodyTooLarge
        /// A transfer coding other than `chunked` (RFC 9112 §6.1), which this parser cannot decode.
        case unsupportedTransferCoding
        /// The stream ended before the response was complete (RFC 9112 §8).
        case truncated
    }

    /// The class of the fault.
    public let kind: Kind
    /// A short explanation, e.g. "malformed status line".
    public let reason: String

    /// Creates an error of `kind`, explained by `reason`.
    public init(kind: Kind, reason: String) {
        self.kind = kind
        self.reason = reason
    }

    /// Converts an error of the shared line and field scanners, which speak in request statuses.
    init(_ error: HTTPRequestError) {
        switch error.status.code {
        case 413: self.init(kind: .bodyTooLarge, reason: error.reason)
        case 414, 431: self.init(kind: .headTooLarge, reason: error.reason)
        case 501: self.init(kind: .unsupportedTransferCoding, reason: error.reason)
        default: self.init(kind: .malformed, reason: error.reason)
        }
    }

    /// `invalid HTTP response: malformed status line` and so on.
    public var description: String { "invalid HTTP response: \(reason)" }
}
