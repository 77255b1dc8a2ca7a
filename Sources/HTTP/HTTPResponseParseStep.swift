// One result of feeding input to the response parser.

/// What ``HTTPResponseParser/parse(_:)`` found in the input it was given.
///
/// After a step that reports `consumed: n`, the caller drops the first n bytes of its input before
/// the next call (after using any body bytes the step points at).
public enum HTTPResponseParseStep: Sendable, Equatable {
    /// Nothing consumed; call again once more bytes were appended (or, at the end of the stream,
    /// call ``HTTPResponseParser/finishAtEndOfStream()``).
    case needMoreBytes
    /// A complete head (status line, field lines and the empty line), `consumed` bytes long.
    case head(HTTPResponseHeadParsed, consumed: Int)
    /// The bytes `range` of the input are body data. `consumed >= range.upperBound`: chunked framing
    /// bytes before and after the data are consumed too. The range is never empty.
    case body(Range<Int>, consumed: Int)
    /// The response is complete; `consumed` may be 0. After a 1xx other than 101 the final response
    /// follows; after a 101 the remaining input belongs to the new protocol.
    case end(consumed: Int)
}
