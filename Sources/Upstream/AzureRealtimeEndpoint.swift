// The Azure OpenAI realtime WebSocket URL for a resource endpoint: GA or preview path, ws or wss.
import HTTP

/// Where the relay's upstream sessions go, derived from `AZURE_OPENAI_ENDPOINT` (the resource URL the
/// Azure quickstarts use) the way Azure documents it:
/// - GA (no `OPENAI_API_VERSION`): `wss://HOST/openai/v1/realtime?model=DEPLOYMENT`
/// - preview (`OPENAI_API_VERSION` set): `wss://HOST/openai/realtime?api-version=V&deployment=DEPLOYMENT`
/// An `http://` endpoint gives plain `ws://` (local test upstreams); `https://` gives `wss://`.
public struct AzureRealtimeEndpoint: Sendable, CustomStringConvertible {
    /// The resource URL as parsed (scheme http or https; any path prefix kept, e.g. behind a gateway).
    public let resource: AbsoluteURL
    /// Without a trailing slash and without a pasted `/openai` or `/openai/v1` suffix.
    public let basePath: String
    public let apiVersion: String?

    /// Parses `endpoint`; the error says what a valid value looks like.
    public init(endpoint: String, apiVersion: String?) throws(UpstreamConfigurationError) {
        let trimmed = endpoint.trimmingASCIIWhitespace()
        do {
            resource = try AbsoluteURL(trimmed, schemes: ["https": 443, "http": 80])
        } catch {
            throw .invalid("AZURE_OPENAI_ENDPOINT", value: Self.redacted(trimmed),
                           reason: "\(error.reason); expected a URL like https://NAME.openai.azure.com")
        }
        guard resource.query == nil else {
            throw .invalid("AZURE_OPENAI_ENDPOINT", value: resource.description,
                           reason: "the endpoint must not have a query; give the resource URL only")
        }
        var path = resource.path
        while path.hasSuffix("/") { path.removeLast() }
        // A common paste: the SDK base URL instead of the resource URL.
        for suffix in ["/openai/v1", "/openai"] where path.hasSuffix(suffix) {
            path.removeLast(suffix.count)
            break
        }
        basePath = path
        let version = apiVersion?.trimmingASCIIWhitespace()
        self.apiVersion = (version?.isEmpty ?? true) ? nil : version
    }

    /// `text` without userinfo and query, which could hold credentials: safe to put in an error.
    static func redacted(_ text: String) -> String {
        let withoutQuery = text.prefix { $0 != "?" }
        guard let at = withoutQuery.firstIndex(of: "@") else { return String(withoutQuery) }
        // userinfo sits between "://" and the first "@" of the authority: show neither.
        let schemeEnd = withoutQuery.firstIndex(of: ":").map { withoutQuery.index($0, offsetBy: 3, limitedBy: at) ?? at } ?? withoutQuery.startIndex
        return String(withoutQuery[..<schemeEnd]) + "…@" + String(withoutQuery[withoutQuery.index(after: at)...])
    }

    /// True for `https://` endpoints: the upstream is `wss://` through TLS.
    public var isSecure: Bool { resource.scheme == "https" }

    /// The GA protocol (no api-version), as opposed to the deprecated preview one.
    public var isGA: Bool { apiVersion == nil }

    /// The realtime WebSocket URL for `deployment`.
    public func realtimeURL(deployment: String) -> String {
        let scheme = isSecure ? "wss://" : "ws://"
        let prefix = scheme + resource.hostHeader + basePath
        if let apiVersion {
            return prefix + "/openai/realtime?api-version=" + QueryEncoding.encode(apiVersion)
                + "&deployment=" + QueryEncoding.encode(deployment)
        }
        return prefix + "/openai/v1/realtime?model=" + QueryEncoding.encode(deployment)
    }

    /// The resource URL (no secrets in it).
    public var description: String { resource.scheme + "://" + resource.hostHeader + basePath }
}

/// Percent-encoding of a query component: everything but RFC 3986 unreserved characters.
enum QueryEncoding {
    static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x2E, 0x5F, 0x7E:
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                out += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 15)]], as: UTF8.self)
            }
        }
        return out
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and line breaks (a pasted value's usual debris).
    func trimmingASCIIWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
