// Validates `host [ ":" port ]` as used by Host, absolute-form and authority-form (RFC 9110 §4.2, §7.2).

/// The syntax of `uri-host [ ":" port ]` (RFC 3986 §3.2.2, §3.2.3), as carried by the Host field
/// (RFC 9110 §7.2), the authority of an absolute-form target and an authority-form target (RFC 9112 §3.2).
///
/// userinfo (`user@host`) is not accepted: RFC 9110 §4.2.4 asks recipients to treat it as an error.
enum Authority {
    /// Whether `p[range]` is a valid authority.
    /// - Parameters:
    ///   - requireHost: the host must not be empty (an http(s) URI, RFC 9110 §4.2.1; CONNECT).
    ///   - requirePort: a port of at least one digit must follow (CONNECT, RFC 9110 §9.3.6).
    static func isValid(
        _ p: UnsafeRawBufferPointer, _ range: Range<Int>, requireHost: Bool, requirePort: Bool
    ) -> Bool {
        var i = range.lowerBound
        let end = range.upperBound
        if i < end && p[i] == ASCII.openBracket {
            // IP-literal: "[" ( IPv6address / IPvFuture ) "]"; checked for its character set only.
            i &+= 1
            let start = i
            while i < end && p[i] != ASCII.closeBracket {
                let b = p[i]
                guard ASCII.hexValue(b) != nil || b == ASCII.colon || b == 0x2E || ASCII.isRegNameChar(b) else {
                    return false
                }
                i &+= 1
            }
            guard i < end, i > start else { return false }
            i &+= 1
        } else {
            // reg-name: *( unreserved / pct-encoded / sub-delims ).
            let start = i
            while i < end {
                let b = p[i]
                if ASCII.isRegNameChar(b) {
                    i &+= 1
                } else if b == ASCII.percent {
                    guard end &- i >= 3, ASCII.hexValue(p[i &+ 1]) != nil, ASCII.hexValue(p[i &+ 2]) != nil else {
                        return false
                    }
                    i &+= 3
                } else {
                    break
                }
            }
            if requireHost && i == start { return false }
        }
        if i == end { return !requirePort }
        guard p[i] == ASCII.colon else { return false }
        i &+= 1
        if requirePort && i == end { return false }
        while i < end {
            guard ASCII.isDigit(p[i]) else { return false }
            i &+= 1
        }
        return true
    }
}
