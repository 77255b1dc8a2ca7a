// An absolute `scheme://host[:port][/path][?query]` URL split into what a client needs to connect and ask.

/// A URL a client connects to: `http`, `https`, `ws`, `wss` or whatever schemes the caller allows,
/// each with its default port (RFC 3986 §3, RFC 9110 §4.2, RFC 6455 §3), validated.
///
/// Accepted: the allowed schemes (any case); a reg-name host (letters, digits, `-`, `.`, `_`, `~`,
/// percent escapes) or an IPv6 literal in brackets; a port 1...65535, defaulting to the scheme's; a
/// path and query of visible ASCII (percent-encode anything else). Refused: userinfo (`user@`, which
/// RFC 9110 §4.2.4 deprecates and which would leak into logs), fragments, empty hosts and ports.
public struct AbsoluteURL: Sendable, Hashable, CustomStringConvertible {
    /// The scheme, lower-cased.
    public let scheme: String
    /// The host to resolve and, for TLS, to name in SNI and verify: without brackets for IPv6.
    public let host: String
    /// The TCP port.
    public let port: Int
    /// The scheme's default port (for the Host field).
    public let defaultPort: Int
    /// The path, starting with "/", still percent-encoded.
    public let path: String
    /// The query after '?', still percent-encoded; nil when there is none.
    public let query: String?

    /// Parses `text`, allowing the schemes in `schemes` (lower-case name -> default port).
    public init(_ text: String, schemes: KeyValuePairs<String, Int>) throws(AbsoluteURLError) {
        let bytes = Array(text.utf8)
        let expected = schemes.map { $0.key + "://" }.joined(separator: " or ")
        guard let schemeEnd = bytes.firstIndex(of: 0x3A), bytes[schemeEnd...].starts(with: "://".utf8) else {
            throw AbsoluteURLError("expected \(expected)")
        }
        let name = String(decoding: bytes[..<schemeEnd], as: UTF8.self).lowercased()
        guard let known = schemes.first(where: { $0.key == name }) else {
            throw AbsoluteURLError("unsupported scheme \"\(name)\" (expected \(expected))")
        }
        scheme = known.key
        defaultPort = known.value
        let rest = bytes[(schemeEnd + 3)...]
        guard !rest.contains(0x23) else { throw AbsoluteURLError("the URL must not have a fragment (#)") }
        let authorityEnd = rest.firstIndex { $0 == 0x2F || $0 == 0x3F } ?? rest.endIndex
        (host, port) = try Self.parseAuthority(rest[..<authorityEnd], defaultPort: known.value)

        let target = rest[authorityEnd...]
        guard target.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E }) else {
            throw AbsoluteURLError("path and query must be visible ASCII (percent-encode the rest)")
        }
        if let question = target.firstIndex(of: 0x3F) {
            path = question == target.startIndex ? "/" : String(decoding: target[..<question], as: UTF8.self)
            query = String(decoding: target[(question + 1)...], as: UTF8.self)
        } else {
            path = target.isEmpty ? "/" : String(decoding: target, as: UTF8.self)
            query = nil
        }
    }

    private static func parseAuthority(
        _ authority: ArraySlice<UInt8>, defaultPort: Int
    ) throws(AbsoluteURLError) -> (host: String, port: Int) {
        guard !authority.contains(0x40) else { throw AbsoluteURLError("userinfo (user@) is not allowed") }
        var hostEnd: Int
        let host: String
        if authority.first == 0x5B {
            guard let close = authority.firstIndex(of: 0x5D), close > authority.startIndex + 1 else {
                throw AbsoluteURLError("unterminated IPv6 literal")
            }
            let literal = authority[(authority.startIndex + 1)..<close]
            guard literal.allSatisfy({ ($0 >= 0x30 && $0 <= 0x3A) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x66) || $0 == 0x2E }),
                  literal.contains(0x3A)
            else { throw AbsoluteURLError("invalid IPv6 literal") }
            host = String(decoding: literal, as: UTF8.self)
            hostEnd = close + 1
        } else {
            hostEnd = authority.firstIndex(of: 0x3A) ?? authority.endIndex
            let name = authority[..<hostEnd]
            guard !name.isEmpty else { throw AbsoluteURLError("missing host") }
            guard name.allSatisfy(isHostByte) else { throw AbsoluteURLError("invalid character in host") }
            host = String(decoding: name, as: UTF8.self)
        }
        guard hostEnd < authority.endIndex else { return (host, defaultPort) }
        guard authority[hostEnd] == 0x3A else { throw AbsoluteURLError("invalid character after the IPv6 literal") }
        let digits = authority[(hostEnd + 1)...]
        guard !digits.isEmpty, digits.count <= 5, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              let port = Int(String(decoding: digits, as: UTF8.self)), (1...65535).contains(port)
        else { throw AbsoluteURLError("the port must be 1...65535") }
        return (host, port)
    }

    /// reg-name bytes we accept (RFC 3986 §3.2.2 unreserved, plus '%' for escapes).
    private static func isHostByte(_ b: UInt8) -> Bool {
        switch b {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x2E, 0x5F, 0x7E, 0x25: true
        default: false
        }
    }

    /// The request-target: the path, then '?' and the query if there is one.
    public var requestTarget: String {
        query.map { path + "?" + $0 } ?? path
    }

    /// The Host field value (RFC 9110 §7.2): the host, bracketed when IPv6, with `:port` when the port
    /// is not the scheme's default.
    public var hostHeader: String {
        let name = host.contains(":") ? "[" + host + "]" : host
        return port == defaultPort ? name : name + ":" + String(port)
    }

    /// The URL with the query replaced by `…`, since queries can carry credentials (`api-key=`):
    /// safe to log.
    public var description: String {
        scheme + "://" + hostHeader + path + (query == nil ? "" : "?…")
    }
}

/// Why a URL was refused, in words.
public struct AbsoluteURLError: Error, Sendable, Equatable, CustomStringConvertible {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}
