// The server's side of the opening handshake (RFC 6455 §4.2): check the request, write the 101 response.

import HTTP

/// Checks an upgrade request and writes the `101 Switching Protocols` response (RFC 6455 §4.2).
///
/// Use: on a request routed to a WebSocket endpoint, call ``evaluate(_:)``; on failure answer with the
/// rejection's status and headers. On success decide origin, subprotocol and compression, then send
/// ``response(for:protocol:deflate:)`` and hand the connection (and any bytes already received after
/// the head) to the frame codec.
public enum WebSocketServerHandshake {
    /// The only version this server speaks (RFC 6455 §4.1, §11.3.5).
    public static let version = "13"

    /// Whether `head` asks for a WebSocket upgrade at all (`Upgrade` lists `websocket`), for routing.
    public static func isUpgradeRequest(_ head: HTTPRequestHead) -> Bool {
        head.headers.containsToken("websocket", in: "Upgrade")
    }

    /// Checks `head` against RFC 6455 §4.2.1, in this order:
    /// - method GET, else 405 with `Allow: GET` (RFC 9110 §15.5.6: the method is known, just not
    ///   allowed on this resource);
    /// - HTTP/1.1 or later, else 400;
    /// - no request body (the bytes after the head are frames), else 400;
    /// - `Upgrade` lists `websocket` and `Connection` lists `upgrade` (ASCII case-insensitive, across
    ///   comma lists and repeated fields), else 400;
    /// - exactly one `Sec-WebSocket-Version` field with the value 13, else 426 with
    ///   `Sec-WebSocket-Version: 13` (RFC 6455 §4.4);
    /// - exactly one `Sec-WebSocket-Key` whose value is canonical base64 of 16 bytes, else 400.
    ///
    /// Host is already required by the request parser for HTTP/1.1 (RFC 9112 §3.2).
    public static func evaluate(_ head: HTTPRequestHead) -> Result<WebSocketUpgradeRequest, WebSocketHandshakeRejection> {
        guard head.method == .get else {
            return .failure(WebSocketHandshakeRejection(
                status: .methodNotAllowed, headers: [("Allow", "GET")], reason: "a WebSocket upgrade must use GET"))
        }
        guard head.version.major > 1 || head.version.minor >= 1 else {
            return .failure(.badRequest("a WebSocket upgrade needs HTTP/1.1"))
        }
        guard head.bodyFraming == .none || head.bodyFraming == .contentLength(0) else {
            return .failure(.badRequest("a WebSocket upgrade request must not have a body"))
        }
        let headers = head.headers
        guard headers.containsToken("websocket", in: "Upgrade") else {
            return .failure(.badRequest("Upgrade does not list websocket"))
        }
        guard headers.containsToken("upgrade", in: "Connection") else {
            return .failure(.badRequest("Connection does not list upgrade"))
        }
        let versions = headers.values("Sec-WebSocket-Version")
        guard versions == [version] else {
            return .failure(WebSocketHandshakeRejection(
                status: .upgradeRequired, headers: [("Sec-WebSocket-Version", version)],
                reason: versions.isEmpty ? "missing Sec-WebSocket-Version" : "unsupported Sec-WebSocket-Version"))
        }
        let keys = headers.values("Sec-WebSocket-Key")
        guard keys.count == 1, let key = keys.first else {
            return .failure(.badRequest(keys.isEmpty ? "missing Sec-WebSocket-Key" : "more than one Sec-WebSocket-Key"))
        }
        guard HandshakeBase64.decodeCanonical(key)?.count == 16 else {
            return .failure(.badRequest("Sec-WebSocket-Key is not base64 of 16 bytes"))
        }
        let extensions = WebSocketExtension.parseList(headers.values("Sec-WebSocket-Extensions")) ?? []
        return .success(WebSocketUpgradeRequest(
            key: key,
            origin: headers["Origin"],
            requestedProtocols: HandshakeToken.listElements(headers.values("Sec-WebSocket-Protocol")),
            extensions: extensions,
            deflateOffers: PerMessageDeflate.offers(in: extensions),
            path: head.path,
            query: head.query,
            head: head))
    }

    /// The bytes of the `101 Switching Protocols` response head (RFC 6455 §4.2.2 step 5):
    /// `Upgrade: websocket`, `Connection: Upgrade`, `Sec-WebSocket-Accept`, then
    /// `Sec-WebSocket-Protocol` when `protocol` is given (it must be one of
    /// ``WebSocketUpgradeRequest/requestedProtocols``) and `Sec-WebSocket-Extensions` when `deflate`
    /// is given (the result of ``PerMessageDeflate/accept(offers:configuration:)``).
    public static func response(
        for request: WebSocketUpgradeRequest, protocol subprotocol: String?, deflate: PerMessageDeflateParameters?
    ) -> [UInt8] {
        var headers: [(name: String, value: String)] = [
            ("Upgrade", "websocket"),
            ("Connection", "Upgrade"),
            ("Sec-WebSocket-Accept", WebSocketAccept.value(forKey: request.key)),
        ]
        if let subprotocol {
            precondition(request.requestedProtocols.contains(subprotocol), "the subprotocol must be one the client requested")
            headers.append(("Sec-WebSocket-Protocol", subprotocol))
        }
        if let deflate { headers.append(("Sec-WebSocket-Extensions", deflate.description)) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(160)
        HTTPResponseHead(status: .switchingProtocols, headers: headers).write(into: &bytes)
        return bytes
    }
}
