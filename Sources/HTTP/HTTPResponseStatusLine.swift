// Parses and validates a status line (RFC 9112 §4): HTTP-version SP status-code SP [ reason-phrase ].

/// A validated status line.
struct HTTPResponseStatusLine {
    var version: HTTPVersion
    var code: Int
    /// The reason phrase, possibly empty.
    var reason: Range<Int>

    /// Parses `p[start..<end]` (the CRLF excluded), which ``LineScanner`` already cleared of control
    /// bytes other than HTAB.
    ///
    /// Requires `HTTP/` DIGIT `.` DIGIT (RFC 9112 §2.3) with major version 1, one SP, a status code of
    /// three digits in 100...599 (RFC 9110 §15: other values are invalid), then SP and the reason
    /// phrase. A line ending right after the code (no SP) is tolerated, as most clients do, since
    /// RFC 9112 §4 asks clients to ignore the reason phrase anyway.
    static func parse(_ p: UnsafeRawBufferPointer, _ start: Int, _ end: Int) throws(HTTPRequestError) -> HTTPResponseStatusLine {
        guard end &- start >= 12,
              p[start] == 0x48, p[start &+ 1] == 0x54, p[start &+ 2] == 0x54, p[start &+ 3] == 0x50,
              p[start &+ 4] == ASCII.slash, ASCII.isDigit(p[start &+ 5]), p[start &+ 6] == 0x2E,
              ASCII.isDigit(p[start &+ 7]), p[start &+ 8] == ASCII.sp
        else { throw .badRequest("malformed status line") }
        let version = HTTPVersion(major: Int(p[start &+ 5] &- 0x30), minor: Int(p[start &+ 7] &- 0x30))
        guard version.major == 1 else { throw .badRequest("status line is not HTTP/1.x") }

        var code = 0
        for i in (start &+ 9)..<(start &+ 12) {
            guard ASCII.isDigit(p[i]) else { throw .badRequest("status code is not three digits") }
            code = code &* 10 &+ Int(p[i] &- 0x30)
        }
        guard (100...599).contains(code) else { throw .badRequest("status code outside 100...599") }

        let afterCode = start &+ 12
        if afterCode == end {
            return HTTPResponseStatusLine(version: version, code: code, reason: end..<end)
        }
        guard p[afterCode] == ASCII.sp else { throw .badRequest("status code is not three digits") }
        return HTTPResponseStatusLine(version: version, code: code, reason: (afterCode &+ 1)..<end)
    }
}
