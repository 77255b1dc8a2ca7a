// Validates one field line (RFC 9112 §5) and locates its name and OWS-trimmed value.

/// A field line of a header or trailer section: `field-name ":" OWS field-value OWS` (RFC 9112 §5).
struct FieldLine {
    /// The field name, a non-empty token.
    var name: Range<Int>
    /// The field value without leading and trailing OWS (RFC 9112 §5.1); may be empty.
    var value: Range<Int>

    /// Parses the line `p[start..<end]` (its CRLF excluded), which ``LineScanner`` found and therefore
    /// holds no control byte other than HTAB, and no DEL.
    ///
    /// Rejects with 400: a line starting with SP or HTAB (obs-fold, RFC 9112 §5.2, or whitespace
    /// before the first field, RFC 9112 §2.2); a name that is empty or not a token (RFC 9110 §5.1);
    /// whitespace between name and colon (RFC 9112 §5.1); a missing colon; and (through
    /// ``LineScanner``) a value byte that is not VCHAR, obs-text, SP or HTAB (RFC 9110 §5.5).
    @inline(__always)
    static func parse(_ p: UnsafeRawBufferPointer, _ start: Int, _ end: Int) throws(HTTPRequestError) -> FieldLine {
        var i = start
        while i < end && ASCII.isTchar(p[i]) { i &+= 1 }
        guard i < end, p[i] == ASCII.colon else {
            if i == start && start < end && ASCII.isWhitespace(p[start]) {
                throw .badRequest("obsolete line folding or leading whitespace in field line")
            }
            if i < end && ASCII.isWhitespace(p[i]) { throw .badRequest("whitespace between field name and colon") }
            if i == end { throw .badRequest("field line without colon") }
            throw .badRequest("invalid character in field name")
        }
        guard i > start else { throw .badRequest("empty field name") }
        let name = start..<i

        // The value's bytes were already checked by LineScanner: no CTL other than HTAB, no DEL.
        var valueStart = i &+ 1
        var valueEnd = end
        while valueStart < valueEnd && ASCII.isWhitespace(p[valueStart]) { valueStart &+= 1 }
        while valueEnd > valueStart && ASCII.isWhitespace(p[valueEnd &- 1]) { valueEnd &-= 1 }
        return FieldLine(name: name, value: valueStart..<valueEnd)
    }
}
