// Why a client's opening handshake failed, worded for the operator who has to fix it.

import HTTP

/// A failed client handshake (RFC 6455 §4.1): a request that cannot be built, or a response that is
/// not an acceptable `101 Switching Protocols`. Every case but ``unexpectedStatus(status:headers:bodyPrefix:)``
/// means "Fail the WebSocket Connection": close the TCP connection without further ado.
///
/// No case carries the values of request headers or the URL's query, which may hold credentials.
public enum WebSocketClientHandshakeError: Error, Sendable, CustomStringConvertible {
    /// The URL is not a valid `ws://` or `wss://` URL; the reason says why.
    case invalidURL(String)
    /// An extra request header has a name that is not a token, a value with control characters, or a
    /// name the handshake writes itself.
    case invalidHeaderField(name: String, reason: String)
    /// A requested subprotocol is not a token, or is requested twice (RFC 6455 §4.1 item 10).
    case invalidSubprotocol(String)
    /// The server answered something other than 101. `headers` keeps the fields an operator needs
    /// (see ``WebSocketClientHandshake/diagnosticFieldNames``), `bodyPrefix` the first
    /// ``WebSocketClientHandshake/maxErrorBodyBytes`` of the body, decoded as UTF-8 with replacement.
    case unexpectedStatus(status: HTTPStatus, headers: [(name: String, value: String)], bodyPrefix: String)
    /// The 101 lacks `Upgrade: websocket` (RFC 6455 §4.1 item 2).
    case invalidUpgradeHeader(received: String?)
    /// The 101 lacks `Connection: Upgrade` (RFC 6455 §4.1 item 3).
    case invalidConnectionHeader(received: String?)
    /// `Sec-WebSocket-Accept` is missing, repeated or wrong for our key (RFC 6455 §4.1 item 4).
    case acceptMismatch(expected: String, received: String?)
    /// `Sec-WebSocket-Extensions` names something not offered or breaks RFC 7692 (RFC 6455 §4.1 item 5).
    case invalidExtensions(PerMessageDeflateError)
    /// `Sec-WebSocket-Protocol` names a subprotocol that was not requested, or several
    /// (RFC 6455 §4.1 item 6).
    case unexpectedSubprotocol(received: String)

    /// One line an operator can act on.
    public var description: String {
        switch self {
        case .invalidURL(let reason):
            return "invalid WebSocket URL: \(reason)"
        case .invalidHeaderField(let name, let reason):
            return "invalid request header \(Self.printable(name, limit: 64)): \(reason)"
        case .invalidSubprotocol(let name):
            return "invalid subprotocol \(Self.printable(name, limit: 64)): must be a token requested once"
        case .unexpectedStatus(let status, let headers, let bodyPrefix):
            var text = "the server refused the WebSocket upgrade with \(status.code) \(Self.printable(status.reasonPhrase, limit: 80))"
            text += ": " + Self.hint(for: status.code, headers: headers)
            for (name, value) in headers { text += "; \(name): \(Self.printable(value, limit: 200))" }
            if !bodyPrefix.isEmpty { text += "; body: \(Self.printable(bodyPrefix, limit: 1024))" }
            return text
        case .invalidUpgradeHeader(let received):
            return "the server's 101 response lacks Upgrade: websocket (got \(Self.quoted(received)))"
        case .invalidConnectionHeader(let received):
            return "the server's 101 response lacks Connection: Upgrade (got \(Self.quoted(received)))"
        case .acceptMismatch(let expected, let received):
            return "the server's Sec-WebSocket-Accept is \(Self.quoted(received)), expected \"\(expected)\" "
                + "(a proxy or server that does not speak RFC 6455 answered)"
        case .invalidExtensions(let error):
            return "the server's extension answer is not acceptable: \(error.reason)"
        case .unexpectedSubprotocol(let received):
            return "the server chose subprotocol \(Self.printable(received, limit: 64)), which was not requested"
        }
    }

    /// What the status usually means for a WebSocket endpoint behind an API gateway.
    private static func hint(for code: Int, headers: [(name: String, value: String)]) -> String {
        switch code {
        case 300...399: return "redirects are not followed; check the URL"
        case 400: return "the request was refused as invalid; check the path and query (e.g. api-version, deployment)"
        case 401: return "authentication failed; check the API key or the token (and its audience)"
        case 403: return "access denied; check the identity's role assignment and the resource's network rules"
        case 404: return "nothing at this URL; check the host, path, deployment name and api-version"
        case 408, 504: return "the server timed out; retry later"
        case 426: return "the server wants another protocol version"
        case 429:
            let retry = headers.first { $0.name == "retry-after" }.map { " after \($0.value) s" } ?? " later"
            return "rate limited; retry\(retry)"
        case 500...599: return "the server failed; retry later"
        default: return "the server does not offer a WebSocket here"
        }
    }

    /// `text` with control characters shown as spaces and cut to `limit` characters, for one log line.
    private static func printable(_ text: String, limit: Int) -> String {
        var result = String(String.UnicodeScalarView(text.unicodeScalars.prefix(limit).map {
            $0.value < 0x20 || $0.value == 0x7F ? " " : $0
        }))
        if text.unicodeScalars.count > limit { result += "…" }
        return result
    }

    private static func quoted(_ value: String?) -> String {
        value.map { "\"\(printable($0, limit: 80))\"" } ?? "nothing"
    }
}
