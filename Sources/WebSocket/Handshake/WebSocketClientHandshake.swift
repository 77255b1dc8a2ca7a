// The client's side of the opening handshake (RFC 6455 §4.1): build the request, check the response.

import HTTP

/// One client opening handshake: the request to send and the checks on the server's answer
/// (RFC 6455 §4.1).
///
/// Use: create it (this picks a fresh random key), connect to ``url`` (`host`, `port`, TLS when
/// `isSecure`), write ``requestBytes()``, and feed the bytes received to ``makeResponseParser()``. On
/// its `.head`: for status 101 call ``validate(_:body:)`` at once (the bytes after the head are already
/// frames); for any other status first collect the body steps (up to ``maxErrorBodyBytes``, or until
/// `.end`, end of stream or the parser's `bodyTooLarge`), then call ``validate(_:body:)``, which turns
/// it into ``WebSocketClientHandshakeError/unexpectedStatus(status:headers:bodyPrefix:)``.
///
/// `description` names the URL without its query and the extra headers without their values, so the
/// handshake can be logged even when those carry credentials.
public struct WebSocketClientHandshake: Sendable, CustomStringConvertible {
    /// How much of a non-101 response body is kept for the error.
    public static let maxErrorBodyBytes = 4096
    /// The response fields kept in ``WebSocketClientHandshakeError/unexpectedStatus(status:headers:bodyPrefix:)``
    /// (lower-case): what an operator needs to understand or report a refusal.
    public static let diagnosticFieldNames: [String] = [
        "content-type", "apim-request-id", "x-ms-region", "x-request-id", "retry-after", "www-authenticate",
    ]
    /// Fields the handshake writes itself; extra headers may not set them.
    static let reservedFieldNames: Set<String> = [
        "host", "upgrade", "connection", "sec-websocket-key", "sec-websocket-version", "sec-websocket-accept",
        "sec-websocket-protocol", "sec-websocket-extensions", "content-length", "transfer-encoding",
    ]

    /// Where to connect and what to ask for.
    public let url: WebSocketURL
    /// `Sec-WebSocket-Key`: base64 of 16 random bytes (RFC 6455 §4.1 item 7).
    public let key: String
    /// The subprotocols requested, in order of preference; empty for none.
    public let requestedProtocols: [String]
    /// The permessage-deflate policy: offered when `enabled`.
    public let deflate: PerMessageDeflateConfiguration
    private let extraHeaders: [(name: String, value: String)]

    /// Prepares a handshake for `url` with a fresh key from `SystemRandomNumberGenerator`.
    /// - Parameters:
    ///   - headers: extra request fields (e.g. `Authorization`, `api-key`, `User-Agent`), written after
    ///     the handshake's own; names must be tokens not written by the handshake, values must not
    ///     contain control characters or leading/trailing whitespace.
    ///   - protocols: subprotocols to request (tokens, each once).
    ///   - deflate: whether and how to offer permessage-deflate.
    public init(
        url: String, headers: [(String, String)] = [], protocols: [String] = [],
        deflate: PerMessageDeflateConfiguration = .disabled
    ) throws(WebSocketClientHandshakeError) {
        var generator = SystemRandomNumberGenerator()
        var nonce = [UInt8](repeating: 0, count: 16)
        for index in nonce.indices { nonce[index] = generator.next() }
        try self.init(url: WebSocketURL(url), key: HandshakeBase64.encode(nonce), headers: headers, protocols: protocols, deflate: deflate)
    }

    /// Prepares a handshake with a given key (for tests; a real client needs a fresh random key).
    init(
        url: WebSocketURL, key: String, headers: [(String, String)], protocols: [String],
        deflate: PerMessageDeflateConfiguration
    ) throws(WebSocketClientHandshakeError) {
        for (name, value) in headers {
            guard HandshakeToken.isToken(name) else {
                throw .invalidHeaderField(name: name, reason: "the name is not a token")
            }
            guard !Self.reservedFieldNames.contains(name.lowercased()) else {
                throw .invalidHeaderField(name: name, reason: "the handshake writes this field itself")
            }
            guard HandshakeToken.isFieldValue(value) else {
                throw .invalidHeaderField(name: name, reason: "the value has control characters or surrounding whitespace")
            }
        }
        var seen: Set<String> = []
        for subprotocol in protocols {
            guard HandshakeToken.isToken(subprotocol), seen.insert(subprotocol).inserted else {
                throw .invalidSubprotocol(subprotocol)
            }
        }
        self.url = url
        self.key = key
        self.requestedProtocols = protocols
        self.deflate = deflate
        self.extraHeaders = headers.map { (name: $0.0, value: $0.1) }
    }

    /// The request head (RFC 6455 §4.1): `GET target HTTP/1.1`, `Host`, `Upgrade: websocket`,
    /// `Connection: Upgrade`, `Sec-WebSocket-Key`, `Sec-WebSocket-Version: 13`, then
    /// `Sec-WebSocket-Protocol` and `Sec-WebSocket-Extensions` when requested, then the extra headers.
    public func requestBytes() -> [UInt8] {
        var text = "GET \(url.requestTarget) HTTP/1.1\r\n"
        text += "Host: \(url.hostHeader)\r\n"
        text += "Upgrade: websocket\r\nConnection: Upgrade\r\n"
        text += "Sec-WebSocket-Key: \(key)\r\n"
        text += "Sec-WebSocket-Version: \(WebSocketServerHandshake.version)\r\n"
        if !requestedProtocols.isEmpty {
            text += "Sec-WebSocket-Protocol: \(requestedProtocols.joined(separator: ", "))\r\n"
        }
        if deflate.enabled {
            text += "Sec-WebSocket-Extensions: \(PerMessageDeflate.offer(configuration: deflate))\r\n"
        }
        for (name, value) in extraHeaders { text += "\(name): \(value)\r\n" }
        text += "\r\n"
        return Array(text.utf8)
    }

    /// A response parser for this handshake: default head limits (8 KiB status line, 16 KiB and 100
    /// header fields), a body cap of ``maxErrorBodyBytes``.
    public static func makeResponseParser() -> HTTPResponseParser {
        HTTPResponseParser(limits: HTTPParserLimits(maxBodyBytes: maxErrorBodyBytes), requestMethod: .get)
    }

    /// The expected `Sec-WebSocket-Accept`.
    public var expectedAccept: String { WebSocketAccept.value(forKey: key) }

    /// Checks the server's response head (RFC 6455 §4.1, in its order): status 101 (else
    /// `unexpectedStatus` with the diagnostic fields and up to ``maxErrorBodyBytes`` of `body`),
    /// `Upgrade` lists `websocket`, `Connection` lists `upgrade`, one `Sec-WebSocket-Accept` equal to
    /// ``expectedAccept``, an extension answer that matches the offer (RFC 7692 §7.1), at most one
    /// subprotocol and only one that was requested.
    public func validate(_ head: HTTPResponseHeadParsed, body: [UInt8] = []) throws(WebSocketClientHandshakeError) -> WebSocketClientNegotiation {
        let headers = head.headers
        guard head.status == .switchingProtocols else {
            var kept: [(name: String, value: String)] = []
            for (name, value) in headers where Self.diagnosticFieldNames.contains(name.lowercased()) {
                kept.append((name.lowercased(), value))
            }
            let prefix = String(decoding: body.prefix(Self.maxErrorBodyBytes), as: UTF8.self)
            throw .unexpectedStatus(status: head.status, headers: kept, bodyPrefix: prefix)
        }
        guard headers.containsToken("websocket", in: "Upgrade") else {
            throw .invalidUpgradeHeader(received: headers["Upgrade"])
        }
        guard headers.containsToken("upgrade", in: "Connection") else {
            throw .invalidConnectionHeader(received: headers["Connection"])
        }
        let accepts = headers.values("Sec-WebSocket-Accept")
        guard accepts == [expectedAccept] else {
            throw .acceptMismatch(expected: expectedAccept, received: accepts.first)
        }
        let deflateParameters: PerMessageDeflateParameters?
        do {
            deflateParameters = try PerMessageDeflate.validateResponse(
                headers.values("Sec-WebSocket-Extensions"), configuration: deflate)
        } catch {
            throw .invalidExtensions(error)
        }
        let chosen = HandshakeToken.listElements(headers.values("Sec-WebSocket-Protocol"))
        guard chosen.count <= 1 else { throw .unexpectedSubprotocol(received: chosen.joined(separator: ", ")) }
        if let subprotocol = chosen.first, !requestedProtocols.contains(subprotocol) {
            throw .unexpectedSubprotocol(received: subprotocol)
        }
        return WebSocketClientNegotiation(subprotocol: chosen.first, deflate: deflateParameters)
    }

    /// `GET wss://host/path?… (headers: api-key, User-Agent)`: no header values, no query.
    public var description: String {
        let names = extraHeaders.map(\.name)
        return "GET \(url)" + (names.isEmpty ? "" : " (headers: \(names.joined(separator: ", ")))")
    }
}
