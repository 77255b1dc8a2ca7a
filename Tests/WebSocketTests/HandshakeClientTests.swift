// WebSocketClientHandshake and WebSocketURL: the request bytes, the URL rules and the response checks.

import HTTP
import Testing
import WebSocket

/// Parses a whole response head the way a client would.
func parseResponseHead(_ text: String) throws -> HTTPResponseHeadParsed {
    var parser = WebSocketClientHandshake.makeResponseParser()
    let bytes = Array(text.utf8)
    let result = bytes.withUnsafeBytes { raw in
        Result { () throws(HTTPResponseParseError) -> HTTPResponseParseStep in try parser.parse(raw) }
    }
    guard case .head(let head, _) = try result.get() else { throw HTTPResponseParseError(kind: .truncated, reason: "no head") }
    return head
}

/// A 101 answering `handshake`, with `extra` field lines.
func switchingProtocols(for handshake: WebSocketClientHandshake, accept: String? = nil, _ extra: String = "") -> String {
    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Accept: \(accept ?? handshake.expectedAccept)\r\n" + extra + "\r\n"
}

@Suite("Client handshake")
struct HandshakeClientTests {
    @Test func requestHasTheHandshakeFieldsThenTheExtraHeaders() throws {
        let handshake = try WebSocketClientHandshake(
            url: "wss://example.openai.azure.com/openai/realtime?api-version=2025-04-01&deployment=gpt",
            headers: [("api-key", "secret-key"), ("User-Agent", "relay/1")], protocols: ["realtime"],
            deflate: PerMessageDeflateConfiguration())
        let text = String(decoding: handshake.requestBytes(), as: UTF8.self)
        #expect(text == "GET /openai/realtime?api-version=2025-04-01&deployment=gpt HTTP/1.1\r\n"
            + "Host: example.openai.azure.com\r\n"
            + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: \(handshake.key)\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Protocol: realtime\r\n"
            + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
            + "api-key: secret-key\r\nUser-Agent: relay/1\r\n\r\n")
        #expect(handshake.url.isSecure && handshake.url.port == 443)
        #expect(!handshake.description.contains("secret") && !handshake.description.contains("2025"))
        #expect(handshake.description == "GET wss://example.openai.azure.com/openai/realtime?… (headers: api-key, User-Agent)")
    }

    @Test func keysAreFreshBase64Of16Bytes() throws {
        let keys = try (0..<20).map { _ in try WebSocketClientHandshake(url: "ws://h/").key }
        #expect(Set(keys).count == 20)
        for key in keys {
            #expect(key.utf8.count == 24 && key.hasSuffix("=="))
            // The server-side check accepts exactly canonical base64 of 16 bytes.
            let head = upgradeHead(upgradeFields(replacing: [("Sec-WebSocket-Key", key)]))
            #expect((try? WebSocketServerHandshake.evaluate(head).get()) != nil)
        }
    }

    @Test(arguments: [
        ("ws://localhost:8080/x", false, "localhost", 8080, "/x", "localhost:8080"),
        ("WSS://Host.Example", true, "Host.Example", 443, "/", "Host.Example"),
        ("ws://h:80?q=1", false, "h", 80, "/?q=1", "h"),
        ("wss://h:80/p", true, "h", 80, "/p", "h:80"),
        ("ws://[::1]:9000/a/b?c", false, "::1", 9000, "/a/b?c", "[::1]:9000"),
        ("wss://[2001:db8::1]/", true, "2001:db8::1", 443, "/", "[2001:db8::1]"),
    ])
    func parsesURL(_ example: (String, Bool, String, Int, String, String)) throws {
        let url = try WebSocketURL(example.0)
        #expect(url.isSecure == example.1)
        #expect(url.host == example.2)
        #expect(url.port == example.3)
        #expect(url.requestTarget == example.4)
        #expect(url.hostHeader == example.5)
    }

    @Test(arguments: [
        "http://h/", "https://h/", "ftp://h", "ws:/h", "ws//h", "h/path", "ws://", "ws://:80/", "ws://h:/",
        "ws://h:0/", "ws://h:65536/", "ws://h:8x/", "ws://user@h/", "ws://h/#frag", "ws://h/a b",
        "ws://[::1/", "ws://[]/", "ws://[zz::1]/", "ws://[::1]x/", "ws://h\u{e9}/", "ws://h/\u{e9}",
    ])
    func refusesURL(_ text: String) {
        #expect(throws: WebSocketClientHandshakeError.self) { try WebSocketURL(text) }
    }

    @Test func refusesUnsafeExtraHeadersAndBadSubprotocols() {
        let bad: [[(String, String)]] = [
            [("X-Injected", "a\r\nEvil: b")], [("X Bad", "v")], [("Host", "other")],
            [("sec-websocket-key", "k")], [("X", " padded")], [("X", "nul\u{0}")],
        ]
        for headers in bad {
            #expect(throws: WebSocketClientHandshakeError.self) { try WebSocketClientHandshake(url: "ws://h/", headers: headers) }
        }
        #expect(throws: WebSocketClientHandshakeError.self) { try WebSocketClientHandshake(url: "ws://h/", protocols: ["a b"]) }
        #expect(throws: WebSocketClientHandshakeError.self) { try WebSocketClientHandshake(url: "ws://h/", protocols: ["a", "a"]) }
    }

    @Test func validResponseYieldsTheNegotiation() throws {
        let handshake = try WebSocketClientHandshake(
            url: "ws://h/", protocols: ["a", "b"], deflate: PerMessageDeflateConfiguration())
        let head = try parseResponseHead(switchingProtocols(
            for: handshake, "Sec-WebSocket-Protocol: b\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits=12\r\n"))
        let negotiation = try handshake.validate(head)
        #expect(negotiation.subprotocol == "b")
        #expect(negotiation.deflate == PerMessageDeflateParameters(clientMaxWindowBits: 12))

        let plain = try parseResponseHead(switchingProtocols(for: handshake, "connection: keep-alive, upgrade\r\nupgrade: WebSocket\r\n"))
        #expect(try handshake.validate(plain) == WebSocketClientNegotiation(subprotocol: nil, deflate: nil))
    }

    /// Runs `validate` and returns the error's case name.
    static func failure(_ handshake: WebSocketClientHandshake, _ response: String) throws -> String? {
        let head = try parseResponseHead(response)
        do {
            _ = try handshake.validate(head)
            return nil
        } catch {
            return Self.caseName(error)
        }
    }

    static func caseName(_ error: WebSocketClientHandshakeError) -> String {
        switch error {
        case .invalidURL: "invalidURL"
        case .invalidHeaderField: "invalidHeaderField"
        case .invalidSubprotocol: "invalidSubprotocol"
        case .unexpectedStatus: "unexpectedStatus"
        case .invalidUpgradeHeader: "invalidUpgradeHeader"
        case .invalidConnectionHeader: "invalidConnectionHeader"
        case .acceptMismatch: "acceptMismatch"
        case .invalidExtensions: "invalidExtensions"
        case .unexpectedSubprotocol: "unexpectedSubprotocol"
        }
    }

    @Test func invalidResponsesFailTheConnection() throws {
        let handshake = try WebSocketClientHandshake(url: "ws://h/", protocols: ["a"], deflate: PerMessageDeflateConfiguration())
        let ok = switchingProtocols(for: handshake)
        let cases: [(String, String)] = [
            (switchingProtocols(for: handshake, accept: "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="), "acceptMismatch"),
            (ok.replacingFirst("Sec-WebSocket-Accept", with: "X-Accept"), "acceptMismatch"),
            (switchingProtocols(for: handshake, "Sec-WebSocket-Accept: \(handshake.expectedAccept)\r\n"), "acceptMismatch"),
            (ok.replacingFirst("Upgrade: websocket\r\n", with: ""), "invalidUpgradeHeader"),
            (ok.replacingFirst("Upgrade: websocket", with: "Upgrade: h2c"), "invalidUpgradeHeader"),
            (ok.replacingFirst("Connection: Upgrade\r\n", with: ""), "invalidConnectionHeader"),
            (switchingProtocols(for: handshake, "Sec-WebSocket-Extensions: x-webkit-deflate-frame\r\n"), "invalidExtensions"),
            (switchingProtocols(for: handshake, "Sec-WebSocket-Extensions: permessage-deflate, permessage-deflate\r\n"), "invalidExtensions"),
            (switchingProtocols(for: handshake, "Sec-WebSocket-Extensions: permessage-deflate; x=1\r\n"), "invalidExtensions"),
            (switchingProtocols(for: handshake, "Sec-WebSocket-Protocol: b\r\n"), "unexpectedSubprotocol"),
            (switchingProtocols(for: handshake, "Sec-WebSocket-Protocol: a, a\r\n"), "unexpectedSubprotocol"),
        ]
        for (response, expected) in cases {
            #expect(try Self.failure(handshake, response) == expected, "\(response.debugDescription)")
        }
        #expect(try Self.failure(handshake, ok) == nil)
    }

    @Test func extensionAnswerWithoutAnOfferFails() throws {
        let handshake = try WebSocketClientHandshake(url: "ws://h/")
        let response = switchingProtocols(for: handshake, "Sec-WebSocket-Extensions: permessage-deflate\r\n")
        #expect(try Self.failure(handshake, response) == "invalidExtensions")
    }

    @Test func refusalCarriesStatusDiagnosticFieldsAndBodyPrefix() throws {
        let handshake = try WebSocketClientHandshake(url: "wss://h/openai/realtime")
        let body = #"{"error":{"code":"401","message":"Access denied due to invalid subscription key."}}"#
        var parser = WebSocketClientHandshake.makeResponseParser()
        let raw = Array(("HTTP/1.1 401 PermissionDenied\r\nContent-Type: application/json\r\napim-request-id: 1234\r\n"
            + "Set-Cookie: secret=1\r\nWWW-Authenticate: Bearer realm=\"x\"\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body).utf8)
        var head: HTTPResponseHeadParsed?
        var collected: [UInt8] = []
        var offset = 0
        loop: while true {
            let step = try raw[offset...].withUnsafeBytes { input in
                try Result { () throws(HTTPResponseParseError) -> HTTPResponseParseStep in try parser.parse(input) }.get()
            }
            switch step {
            case .head(let h, let consumed): head = h; offset += consumed
            case .body(let range, let consumed): collected += raw[(offset + range.lowerBound)..<(offset + range.upperBound)]; offset += consumed
            case .end, .needMoreBytes: break loop
            }
        }
        let parsed = try #require(head)
        do {
            _ = try handshake.validate(parsed, body: collected)
            Issue.record("a 401 validated")
        } catch {
            guard case .unexpectedStatus(let status, let headers, let bodyPrefix) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(status == .unauthorized)
            #expect(headers.map(\.name) == ["content-type", "apim-request-id", "www-authenticate"])
            #expect(headers.map(\.value) == ["application/json", "1234", "Bearer realm=\"x\""])
            #expect(bodyPrefix == body)
            let text = error.description
            #expect(text.contains("401") && text.contains("API key") && text.contains("apim-request-id: 1234"))
            #expect(text.contains("invalid subscription key") && !text.contains("secret=1"))
        }
    }

    @Test func refusalBodyIsCutAt4KiB() throws {
        let handshake = try WebSocketClientHandshake(url: "ws://h/")
        let head = try parseResponseHead("HTTP/1.1 502 Bad Gateway\r\nRetry-After: 5\r\n\r\n")
        let body = [UInt8](repeating: 0x41, count: 10_000)
        do {
            _ = try handshake.validate(head, body: body)
        } catch {
            guard case .unexpectedStatus(_, let headers, let bodyPrefix) = error else { Issue.record("\(error)"); return }
            #expect(bodyPrefix.utf8.count == WebSocketClientHandshake.maxErrorBodyBytes)
            #expect(headers.map(\.name) == ["retry-after"])
            #expect(error.description.count < 2_000)
        }
    }
}

extension String {
    /// `self` with the first `target` replaced (no Foundation).
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = firstRange(of: target) else { return self }
        return String(self[..<range.lowerBound]) + replacement + String(self[range.upperBound...])
    }
}
