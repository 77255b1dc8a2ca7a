// The request methods the server understands (RFC 9110 §9).

/// A request method the parser recognises (RFC 9110 §9.3 and RFC 5789 for PATCH).
///
/// Methods are case-sensitive (RFC 9110 §9.1): `get` is a valid token but not the method `GET`, so it is
/// answered with 501 Not Implemented like any other unknown method.
public enum HTTPMethod: String, Sendable, Hashable, CaseIterable {
    /// GET: transfer a representation (RFC 9110 §9.3.1).
    case get = "GET"
    /// HEAD: like GET without content (RFC 9110 §9.3.2).
    case head = "HEAD"
    /// POST: process the enclosed content (RFC 9110 §9.3.3).
    case post = "POST"
    /// PUT: replace the target resource (RFC 9110 §9.3.4).
    case put = "PUT"
    /// DELETE: remove the target resource (RFC 9110 §9.3.5).
    case delete = "DELETE"
    /// OPTIONS: describe communication options (RFC 9110 §9.3.7).
    case options = "OPTIONS"
    /// PATCH: apply partial modifications (RFC 5789).
    case patch = "PATCH"
    /// TRACE: message loop-back test (RFC 9110 §9.3.8).
    case trace = "TRACE"
    /// CONNECT: establish a tunnel (RFC 9110 §9.3.6).
    case connect = "CONNECT"

    /// Recognises a method token; nil for any other token.
    init?(_ p: UnsafeRawBufferPointer, _ range: Range<Int>) {
        func matches(_ literal: StaticString) -> Bool {
            guard literal.utf8CodeUnitCount == range.count else { return false }
            let l = literal.utf8Start
            var i = 0
            while i < range.count {
                if p[range.lowerBound &+ i] != l[i] { return false }
                i &+= 1
            }
            return true
        }
        switch range.count {
        case 3:
            if matches("GET") { self = .get } else if matches("PUT") { self = .put } else { return nil }
        case 4:
            if matches("POST") { self = .post } else if matches("HEAD") { self = .head } else { return nil }
        case 5:
            if matches("PATCH") { self = .patch } else if matches("TRACE") { self = .trace } else { return nil }
        case 6:
            if matches("DELETE") { self = .delete } else { return nil }
        case 7:
            if matches("OPTIONS") { self = .options } else if matches("CONNECT") { self = .connect } else { return nil }
        default:
            return nil
        }
    }
}
