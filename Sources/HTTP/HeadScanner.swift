// Incrementally finds and validates a request head, resuming where the previous call stopped.

/// The head phase of ``HTTPRequestParser``: skips a few leading empty lines, then reads the request
/// line and the field lines one complete line at a time.
///
/// Offsets are relative to the start of the caller's input, which does not move while a head is being
/// read (nothing is consumed until the head is complete). Each byte is looked at by the line-end scan
/// once, and once more when its complete line is validated; bytes already scanned are never rescanned.
struct HeadScanner {
    /// RFC 9112 §2.2: a server SHOULD ignore at least one empty line before the request line; we ignore
    /// up to this many and answer 400 after that.
    static let maxLeadingEmptyLines = 4

    private enum Phase { case leadingEmptyLines, requestLine, fieldLines }

    private var phase = Phase.leadingEmptyLines
    private var leadingEmptyLines = 0
    /// Where the current line starts, before the header section.
    private var lineStart = 0
    /// Where the line-end scan resumes, before the header section.
    private var scanPosition = 0
    private var requestLine: RequestLine?
    /// The header section, once the request line was read.
    private var section = FieldSectionScanner<MessageFraming>()

    /// Forgets any partial head.
    mutating func reset() {
        phase = .leadingEmptyLines
        leadingEmptyLines = 0
        lineStart = 0
        scanPosition = 0
        requestLine = nil
        section.reset()
    }

    /// Reads as much of the head as `p` holds. Returns the head and the number of bytes it occupies once
    /// it is complete, nil when more bytes are needed.
    mutating func scan(
        _ p: UnsafeRawBufferPointer, limits: HTTPParserLimits
    ) throws(HTTPRequestError) -> (head: HTTPRequestHead, consumed: Int)? {
        if phase == .leadingEmptyLines {
            guard try skipLeadingEmptyLines(p) else { return nil }
        }
        if phase == .requestLine {
            let crLimit = lineStart &+ limits.maxRequestLineBytes &+ 1
            switch try LineScanner.findLineEnd(p, from: scanPosition, crLimit: crLimit) {
            case .overLimit:
                throw HTTPRequestError(status: .uriTooLong, reason: "request line too long")
            case .needMore(let resume):
                scanPosition = resume
                return nil
            case .found(let cr):
                requestLine = try RequestLine.parse(p, lineStart, cr)
                section.begin(at: cr &+ 2)
                phase = .fieldLines
            }
        }
        guard let headEnd = try section.scan(p, limits: limits) else { return nil }
        return try finish(p, headEnd: headEnd, limits: limits)
    }

    /// Skips CRLFs before the request line (RFC 9112 §2.2). Returns false when more bytes are needed.
    private mutating func skipLeadingEmptyLines(_ p: UnsafeRawBufferPointer) throws(HTTPRequestError) -> Bool {
        while lineStart < p.count {
            switch p[lineStart] {
            case ASCII.cr:
                guard lineStart &+ 1 < p.count else { return false }
                guard p[lineStart &+ 1] == ASCII.lf else { throw .badRequest("bare CR: lines must end with CRLF") }
                leadingEmptyLines &+= 1
                guard leadingEmptyLines <= HeadScanner.maxLeadingEmptyLines else {
                    throw .badRequest("too many empty lines before the request line")
                }
                lineStart &+= 2
            case ASCII.lf:
                throw .badRequest("bare LF: lines must end with CRLF")
            default:
                phase = .requestLine
                scanPosition = lineStart
                return true
            }
        }
        return false
    }

    /// Builds the head from the complete input `p[..<headEnd]`, copying the header section once, and
    /// makes the scanner ready for the next request.
    private mutating func finish(
        _ p: UnsafeRawBufferPointer, headEnd: Int, limits: HTTPParserLimits
    ) throws(HTTPRequestError) -> (head: HTTPRequestHead, consumed: Int) {
        guard let line = requestLine else { preconditionFailure("field lines are read only after the request line") }
        let bodyFraming = try section.framing.resolve(version: line.version, maxBodyBytes: limits.maxBodyBytes)

        func string(_ range: Range<Int>) -> String {
            String(decoding: UnsafeRawBufferPointer(rebasing: p[range]), as: UTF8.self)
        }
        let target = string(line.target)
        let path: String
        switch line.parsedTarget.path {
        case nil: path = "/"
        case let range? where range == line.target: path = target
        case let range?: path = string(range)
        }
        let query = line.parsedTarget.query.map(string)
        let headers = section.takeHeaders(p, headEnd: headEnd)
        let head = HTTPRequestHead(
            method: line.method, target: target, path: path, query: query, version: line.version,
            headers: headers, bodyFraming: bodyFraming, keepAlive: section.framing.keepAlive(version: line.version))

        // The headers now own the field array; size the new one for a head like this one.
        reset()
        section.reserveFieldCapacity(max(headers.count, 16))
        return (head, headEnd)
    }
}
