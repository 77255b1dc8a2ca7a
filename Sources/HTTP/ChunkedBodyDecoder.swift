// Decodes the chunked transfer coding (RFC 9112 §7.1) incrementally, yielding data ranges in place.

/// The body phase of ``HTTPRequestParser`` for `Transfer-Encoding: chunked`.
///
/// Framing bytes (chunk-size lines, the CRLF after data, the last chunk and trailer section) are
/// consumed together with the data next to them. Offsets are relative to the caller's input; `pending`
/// counts framing bytes at its start that were parsed but not yet reported as consumed.
struct ChunkedBodyDecoder {
    private enum Phase {
        case sizeLine
        case data(remaining: Int)
        case dataCRLF
        case trailerSection(start: Int, fields: Int)
    }

    private var phase = Phase.sizeLine
    /// Framing bytes at the start of the input already parsed but not yet reported as consumed.
    private var pending = 0
    /// Where the current line starts and where its line-end scan resumes.
    private var lineStart = 0
    private var scanPosition = 0
    /// Data bytes received so far.
    private var bodyBytes = 0

    /// Returns the next step: a body range, the end of the body, or a request for more bytes.
    mutating func next(_ p: UnsafeRawBufferPointer, limits: HTTPParserLimits) throws(HTTPRequestError) -> HTTPParseStep {
        while true {
            switch phase {
            case .sizeLine:
                let crLimit = lineStart &+ limits.maxChunkLineBytes &+ 1
                switch try LineScanner.findLineEnd(p, from: scanPosition, crLimit: crLimit) {
                case .overLimit:
                    throw .badRequest("chunk-size line too long")
                case .needMore(let resume):
                    scanPosition = resume
                    return .needMoreBytes
                case .found(let cr):
                    let size = try ChunkedBodyDecoder.parseSizeLine(p, lineStart, cr)
                    startLine(at: cr &+ 2)
                    if size == 0 {
                        phase = .trailerSection(start: lineStart, fields: 0)
                    } else {
                        guard size <= limits.maxBodyBytes &- bodyBytes else {
                            throw HTTPRequestError(status: .payloadTooLarge, reason: "chunked body exceeds the body limit")
                        }
                        bodyBytes &+= size
                        phase = .data(remaining: size)
                    }
                }

            case .data(let remaining):
                let available = p.count &- pending
                guard available > 0 else { return .needMoreBytes }
                let n = min(remaining, available)
                let range = pending..<(pending &+ n)
                var consumed = range.upperBound
                if n < remaining {
                    phase = .data(remaining: remaining &- n)
                } else if p.count &- consumed >= 2 && p[consumed] == ASCII.cr && p[consumed &+ 1] == ASCII.lf {
                    consumed &+= 2
                    phase = .sizeLine
                } else {
                    phase = .dataCRLF
                }
                startLine(at: 0)
                return .body(range, consumed: consumed)

            case .dataCRLF:
                // RFC 9112 §7.1: chunk = chunk-size [ chunk-ext ] CRLF chunk-data CRLF.
                let available = p.count &- pending
                if available >= 1 && p[pending] != ASCII.cr || available >= 2 && p[pending &+ 1] != ASCII.lf {
                    throw .badRequest("chunk data not followed by CRLF")
                }
                guard available >= 2 else { return .needMoreBytes }
                startLine(at: pending &+ 2)
                phase = .sizeLine

            case .trailerSection(let start, let fields):
                // RFC 9112 §7.1.2: trailer fields are parsed like header fields, then discarded.
                let crLimit = start &+ limits.maxHeaderBlockBytes &- 1
                switch try LineScanner.findLineEnd(p, from: scanPosition, crLimit: crLimit) {
                case .overLimit:
                    throw HTTPRequestError(status: .requestHeaderFieldsTooLarge, reason: "trailer section too large")
                case .needMore(let resume):
                    scanPosition = resume
                    return .needMoreBytes
                case .found(let cr) where cr == lineStart:
                    self = ChunkedBodyDecoder()
                    return .end(consumed: cr &+ 2)
                case .found(let cr):
                    guard fields < limits.maxHeaderFields else {
                        throw HTTPRequestError(status: .requestHeaderFieldsTooLarge, reason: "too many trailer fields")
                    }
                    _ = try FieldLine.parse(p, lineStart, cr)
                    phase = .trailerSection(start: start, fields: fields &+ 1)
                    startLine(at: cr &+ 2)
                }
            }
        }
    }

    /// Marks everything before `offset` as parsed framing and starts the next line there.
    private mutating func startLine(at offset: Int) {
        pending = offset
        lineStart = offset
        scanPosition = offset
    }

    /// Parses `chunk-size [ chunk-ext ]` in `p[start..<end]` (RFC 9112 §7.1, §7.1.1):
    /// chunk-size = 1*HEXDIG; chunk-ext = *( BWS ";" BWS ext-name [ BWS "=" BWS ext-val ] ), where
    /// ext-name is a token and ext-val a token or quoted-string (RFC 9110 §5.6.4). Extensions are
    /// validated and ignored. A size that does not fit in Int is a 400 (RFC 9112 §7.1 asks recipients
    /// to anticipate overflow).
    static func parseSizeLine(_ p: UnsafeRawBufferPointer, _ start: Int, _ end: Int) throws(HTTPRequestError) -> Int {
        var i = start
        var size = 0
        while i < end, let digit = ASCII.hexValue(p[i]) {
            guard size <= (Int.max &- digit) >> 4 else { throw .badRequest("chunk size too large to represent") }
            size = size << 4 | digit
            i &+= 1
        }
        guard i > start else { throw .badRequest("invalid chunk size") }

        func skipWhitespace() {
            while i < end && ASCII.isWhitespace(p[i]) { i &+= 1 }
        }
        func token() throws(HTTPRequestError) {
            let tokenStart = i
            while i < end && ASCII.isTchar(p[i]) { i &+= 1 }
            guard i > tokenStart else { throw .badRequest("invalid chunk extension") }
        }
        while i < end {
            skipWhitespace()
            guard i < end, p[i] == ASCII.semicolon else { throw .badRequest("invalid chunk extension") }
            i &+= 1
            skipWhitespace()
            try token()
            let nameEnd = i
            skipWhitespace()
            guard i < end else {
                // BWS is only allowed before "=" or ";".
                guard i == nameEnd else { throw .badRequest("invalid chunk extension") }
                break
            }
            if p[i] == ASCII.semicolon { continue }
            guard p[i] == ASCII.equals else { throw .badRequest("invalid chunk extension") }
            i &+= 1
            skipWhitespace()
            if i < end && p[i] == ASCII.quote {
                try skipQuotedString(p, &i, end)
            } else {
                try token()
            }
        }
        return size
    }

    /// Skips a quoted-string (RFC 9110 §5.6.4) starting at the DQUOTE at `i`.
    private static func skipQuotedString(_ p: UnsafeRawBufferPointer, _ i: inout Int, _ end: Int) throws(HTTPRequestError) {
        i &+= 1
        while i < end {
            let b = p[i]
            if b == ASCII.quote {
                i &+= 1
                return
            }
            if b == ASCII.backslash {
                i &+= 1
                guard i < end, ASCII.isFieldValueByte(p[i]) else { throw .badRequest("invalid chunk extension") }
            } else if !ASCII.isFieldValueByte(b) {
                throw .badRequest("invalid chunk extension")
            }
            i &+= 1
        }
        throw .badRequest("unterminated quoted-string in chunk extension")
    }
}
