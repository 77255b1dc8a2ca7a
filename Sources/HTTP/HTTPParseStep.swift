// One result of feeding input to the request parser.

/// What ``HTTPRequestParser/parse(_:)`` found in the input it was given.
///
/// After a step that reports `consumed: n`, the caller drops the first n bytes of its input before
/// the next call (after using any body bytes the step points at).
public enum HTTPParseStep: Sendable, Equatable {
    /// Nothing consumed; call again once more bytes were appended. The parser remembers how far it
    /// scanned, so the next call only looks at the new bytes.
    case needMoreBytes
    /// A complete head (leading empty lines, request line, field lines and the empty line), `consumed`
    /// bytes long.
    case head(HTTPRequestHead, consumed: Int)
    /// The bytes `range` of the input are body data. `consumed >= range.upperBound`: chunked framing
    /// bytes before and after the data are consumed too. The range is never empty.
    case body(Range<Int>, consumed: Int)
    /// The request (head and body) is complete; the parser is ready for the next request on the
    /// connection, which may already be in the input. `consumed` may be 0.
    case end(consumed: Int)
}
