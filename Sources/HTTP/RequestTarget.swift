// Classifies and validates a request-target (RFC 9112 §3.2) and locates its path and query.

/// A validated request-target, as ranges into the input (RFC 9112 §3.2).
struct RequestTarget {
    /// The four forms of RFC 9112 §3.2.1-§3.2.4.
    enum Form { case origin, absolute, authority, asterisk }

    var form: Form
    /// The path: for origin-form the part before '?'; for absolute-form the path after the authority,
    /// or nil when it is empty (meaning "/"); for asterisk- and authority-form the whole target.
    var path: Range<Int>?
    /// The part after the first '?', if there is one (it may be empty).
    var query: Range<Int>?

    /// Validates `p[range]` as the target of a request with `method`. The caller has already checked
    /// that the target is not empty and that every byte satisfies `ASCII.isTargetByte` (no CTL, SP,
    /// DEL, '#' or byte >= 0x80: RFC 9112 §3.2, RFC 3986 §3.5).
    ///
    /// 400 for: asterisk-form other than with OPTIONS (RFC 9112 §3.2.4); CONNECT without authority-form, or
    /// authority-form with another method (RFC 9112 §3.2.3); an absolute-form whose scheme is not http
    /// or https, whose host is empty (RFC 9110 §4.2.1) or that carries userinfo (RFC 9110 §4.2.4).
    static func parse(
        _ p: UnsafeRawBufferPointer, _ range: Range<Int>, method: HTTPMethod
    ) throws(HTTPRequestError) -> RequestTarget {
        var firstQuestion = range.lowerBound
        while firstQuestion < range.upperBound && p[firstQuestion] != ASCII.question { firstQuestion &+= 1 }
        let pathEnd = firstQuestion
        let query = firstQuestion < range.upperBound ? (firstQuestion &+ 1)..<range.upperBound : nil

        if method == .connect {
            guard Authority.isValid(p, range, requireHost: true, requirePort: true) else {
                throw .badRequest("CONNECT requires an authority-form target")
            }
            return RequestTarget(form: .authority, path: range, query: nil)
        }
        let first = p[range.lowerBound]
        if first == ASCII.slash {
            return RequestTarget(form: .origin, path: range.lowerBound..<pathEnd, query: query)
        }
        if range.count == 1 && first == ASCII.asterisk {
            guard method == .options else { throw .badRequest("asterisk-form target is only allowed with OPTIONS") }
            return RequestTarget(form: .asterisk, path: range, query: nil)
        }
        let authorityStart: Int
        if ASCII.equalsIgnoringCase(p, range.lowerBound..<min(range.upperBound, range.lowerBound &+ 7), "http://") {
            authorityStart = range.lowerBound &+ 7
        } else if ASCII.equalsIgnoringCase(p, range.lowerBound..<min(range.upperBound, range.lowerBound &+ 8), "https://") {
            authorityStart = range.lowerBound &+ 8
        } else {
            throw .badRequest("request-target is not origin-form or an http(s) absolute-form")
        }
        var authorityEnd = authorityStart
        while authorityEnd < pathEnd && p[authorityEnd] != ASCII.slash { authorityEnd &+= 1 }
        guard Authority.isValid(p, authorityStart..<authorityEnd, requireHost: true, requirePort: false) else {
            throw .badRequest("invalid authority in absolute-form target")
        }
        let path = authorityEnd < pathEnd ? authorityEnd..<pathEnd : nil
        return RequestTarget(form: .absolute, path: path, query: query)
    }
}
