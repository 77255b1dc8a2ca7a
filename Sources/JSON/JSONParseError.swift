// The error the parser throws: where the input stopped being valid JSON, and why.

/// Input that is not a valid JSON text (RFC 8259), or that exceeds ``JSONLimits``.
///
/// `reason` is a fixed phrase chosen by the parser; it never quotes the input, so an error about a
/// token response or a client event is safe to log.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Index of the first byte that cannot be accepted; the input's length when it ended too early.
    public var offset: Int
    /// A short explanation, e.g. "expected ':' after object key".
    public var reason: String

    /// Creates an error at byte `offset`, explained by `reason`.
    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    /// `invalid JSON at byte 17: expected ':' after object key`.
    public var description: String { "invalid JSON at byte \(offset): \(reason)" }
}
