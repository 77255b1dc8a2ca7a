// Parses and validates a request line (RFC 9112 §3): method SP request-target SP HTTP-version.

/// A validated request line, with the target as ranges into the input.
struct RequestLine {
    var method: HTTPMethod
    var version: HTTPVersion
    /// The whole request-target.
    var target: Range<Int>
    var parsedTarget: RequestTarget

    /// Parses `p[start..<end]` (the CRLF excluded).
    ///
    /// Checks, in order: the method is a token (RFC 9110 §9.1, §5.6.2) and the parts are separated by
    /// exactly one SP each (RFC 9112 §3) - else 400; the target's characters - else 400; the version is
    /// `HTTP/` DIGIT `.` DIGIT (RFC 9112 §2.3) - else 400; the version is 1.0 or 1.1 - else 505
    /// (RFC 9110 §15.6.6); the method is one we implement - else 501 (RFC 9110 §9.1); the target's form
    /// suits the method (RFC 9112 §3.2) - else 400.
    static func parse(_ p: UnsafeRawBufferPointer, _ start: Int, _ end: Int) throws(HTTPRequestError) -> RequestLine {
        var i = start
        while i < end && ASCII.isTchar(p[i]) { i &+= 1 }
        guard i > start else { throw .badRequest("request line does not start with a method") }
        guard i < end else { throw .badRequest("request line has no request-target") }
        guard p[i] == ASCII.sp else { throw .badRequest("invalid character in method") }
        let methodRange = start..<i

        let targetStart = i &+ 1
        var targetEnd = targetStart
        while targetEnd < end && p[targetEnd] != ASCII.sp {
            guard ASCII.isTargetByte(p[targetEnd]) else { throw .badRequest("invalid character in request-target") }
            targetEnd &+= 1
        }
        guard targetEnd > targetStart else { throw .badRequest("empty request-target") }
        guard targetEnd < end else { throw .badRequest("request line has no HTTP version") }

        let versionStart = targetEnd &+ 1
        guard end &- versionStart == 8,
              p[versionStart] == 0x48, p[versionStart &+ 1] == 0x54, p[versionStart &+ 2] == 0x54,
              p[versionStart &+ 3] == 0x50, p[versionStart &+ 4] == ASCII.slash,
              ASCII.isDigit(p[versionStart &+ 5]), p[versionStart &+ 6] == 0x2E, ASCII.isDigit(p[versionStart &+ 7])
        else { throw .badRequest("malformed HTTP version") }
        let version = HTTPVersion(major: Int(p[versionStart &+ 5] &- 0x30), minor: Int(p[versionStart &+ 7] &- 0x30))
        guard version == .http1_1 || version == .http1_0 else {
            throw HTTPRequestError(status: .httpVersionNotSupported, reason: "only HTTP/1.0 and HTTP/1.1 are supported")
        }

        guard let method = HTTPMethod(p, methodRange) else {
            throw HTTPRequestError(status: .notImplemented, reason: "method not implemented")
        }
        let target = try RequestTarget.parse(p, targetStart..<targetEnd, method: method)
        return RequestLine(method: method, version: version, target: targetStart..<targetEnd, parsedTarget: target)
    }
}
