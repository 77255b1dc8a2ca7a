// Which web pages may open relay sessions: the relay spends its operator's Azure quota, so by default
// only its own page (same origin) may; SDK and server clients send no Origin and are not browsers.

/// `--allowed-origins`: exact origins (`https://demo.example.com`), `*` for any, or empty for
/// same-origin only (the Origin's host and port equal the request's Host).
public struct OriginPolicy: Sendable, Equatable {
    public var allowed: Set<String>

    public init(allowed: Set<String> = []) {
        self.allowed = Set(allowed.map { $0.lowercased() })
    }

    /// Whether a request with `origin` (nil: no Origin field) and `host` (the Host field) may upgrade.
    public func permits(origin: String?, host: String?) -> Bool {
        guard let origin else { return true }  // not a browser: nothing to protect against here
        let normalized = origin.lowercased()
        if allowed.contains("*") || allowed.contains(normalized) { return true }
        guard allowed.isEmpty, let host else { return false }
        return Self.authority(of: normalized) == Self.withDefaultPort(host.lowercased(), secure: normalized.hasPrefix("https:"))
    }

    /// `scheme://host[:port]` -> `host:port`, with the scheme's default port made explicit.
    static func authority(of origin: String) -> String? {
        guard let schemeEnd = origin.firstIndex(of: ":"), origin[schemeEnd...].hasPrefix("://") else { return nil }
        let scheme = origin[..<schemeEnd]
        let rest = origin[origin.index(schemeEnd, offsetBy: 3)...]
        return withDefaultPort(String(rest), secure: scheme == "https")
    }

    static func withDefaultPort(_ authority: String, secure: Bool) -> String {
        // A port follows the last ':' unless that ':' is inside an IPv6 literal.
        if let colon = authority.lastIndex(of: ":"), !authority[colon...].contains("]") { return authority }
        return authority + (secure ? ":443" : ":80")
    }
}
