// Incrementally finds and validates a response head, resuming where the previous call stopped.

/// The head phase of ``HTTPResponseParser``: reads the status line and the field lines one complete
/// line at a time, with the same line and field rules as requests (``LineScanner``, ``FieldLine``).
///
/// Offsets are relative to the start of the caller's input, which does not move while a head is being
/// read (nothing is consumed until the head is complete). Unlike a server, a client gets no leeway for
/// empty lines before the status line (RFC 9112 §2.2 grants it to servers only).
struct HTTPResponseHeadScanner {
    private var statusLine: HTTPResponseStatusLine?
    /// Where the status line's line-end scan resumes.
    private var scanPosition = 0
    /// The header section, once the status line was read.
    private var section = FieldSectionScanner<HTTPResponseFraming>()

    /// Whether any byte of a head was seen: a stream ending now ends in the middle of a response.
    var hasStarted: Bool { statusLine != nil || scanPosition > 0 }

    /// Forgets any partial head.
    mutating func reset() {
        statusLine = nil
        scanPosition = 0
        section.reset()
    }

    /// Reads as much of the head as `p` holds. Returns the head and the number of bytes it occupies once
    /// it is complete, nil when more bytes are needed.
    mutating func scan(
        _ p: UnsafeRawBufferPointer, limits: HTTPParserLimits, requestMethod: HTTPMethod
    ) throws(HTTPRequestError) -> (head: HTTPResponseHeadParsed, consumed: Int)? {
        if statusLine == nil {
            // The status line shares the request line's limit (maxRequestLineBytes). A leading empty
            // line fails as a malformed status line.
            let crLimit = limits.maxRequestLineBytes &+ 1
            switch try LineScanner.findLineEnd(p, from: scanPosition, crLimit: crLimit) {
            case .overLimit:
                throw HTTPRequestError(status: .uriTooLong, reason: "status line too long")
            case .needMore(let resume):
                scanPosition = resume
                return nil
            case .found(let cr):
                statusLine = try HTTPResponseStatusLine.parse(p, 0, cr)
                section.begin(at: cr &+ 2)
            }
        }
        guard let headEnd = try section.scan(p, limits: limits) else { return nil }
        return try finish(p, headEnd: headEnd, requestMethod: requestMethod)
    }

    /// Builds the head from the complete input `p[..<headEnd]`, copying the header section once, and
    /// makes the scanner ready for the next response.
    private mutating func finish(
        _ p: UnsafeRawBufferPointer, headEnd: Int, requestMethod: HTTPMethod
    ) throws(HTTPRequestError) -> (head: HTTPResponseHeadParsed, consumed: Int) {
        guard let line = statusLine else { preconditionFailure("field lines are read only after the status line") }
        let bodyFraming = try section.framing.resolve(code: line.code, requestMethod: requestMethod)
        let reason = String(decoding: UnsafeRawBufferPointer(rebasing: p[line.reason]), as: UTF8.self)
        let headers = section.takeHeaders(p, headEnd: headEnd)
        let head = HTTPResponseHeadParsed(
            status: HTTPStatus(code: line.code, reasonPhrase: reason), version: line.version, headers: headers,
            bodyFraming: bodyFraming,
            keepAlive: section.framing.keepAlive(version: line.version, framing: bodyFraming))
        reset()
        return (head, headEnd)
    }
}
