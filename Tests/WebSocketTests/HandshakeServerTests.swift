// WebSocketServerHandshake: the accept value, which requests upgrade, which are refused and how.

import HTTP
import Testing
import WebSocket

/// A request head as the parser would produce it for `GET /realtime?x=1` with these fields.
func upgradeHead(
    method: HTTPMethod = .get, version: HTTPVersion = .http1_1, bodyFraming: HTTPBodyFraming = .none,
    _ fields: [(name: String, value: String)]
) -> HTTPRequestHead {
    HTTPRequestHead(
        method: method, target: "/realtime?x=1", path: "/realtime", query: "x=1", version: version,
        headers: HTTPHeaders(fields), bodyFraming: bodyFraming, keepAlive: true)
}

/// The fields of a valid browser upgrade request, with `replacing` substituted or added and
/// `removing` left out.
func upgradeFields(
    replacing: [(name: String, value: String)] = [], removing: [String] = []
) -> [(name: String, value: String)] {
    var fields: [(name: String, value: String)] = [
        ("Host", "relay.example"),
        ("Upgrade", "websocket"),
        ("Connection", "Upgrade"),
        ("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="),
        ("Sec-WebSocket-Version", "13"),
        ("Origin", "https://relay.example"),
    ]
    fields.removeAll { field in removing.contains(field.name) || replacing.contains { $0.name == field.name } }
    fields.append(contentsOf: replacing)
    return fields
}

struct RejectionCase: Sendable, CustomStringConvertible {
    var name: String
    var head: HTTPRequestHead
    var status: Int
    var header: (name: String, value: String)? = nil
    var description: String { name }
}

@Suite("Server handshake")
struct HandshakeServerTests {
    @Test func acceptValueMatchesRFC6455Example() {
        #expect(WebSocketAccept.value(forKey: "dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }

    @Test func validRequestIsAcceptedWithItsData() throws {
        let head = upgradeHead(upgradeFields(replacing: [
            ("Sec-WebSocket-Protocol", "realtime, openai-insecure-api-key.x"),
            ("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits, x-other"),
        ]) + [("sec-websocket-protocol", " chat ")])
        let request = try WebSocketServerHandshake.evaluate(head).get()
        #expect(request.key == "dGhlIHNhbXBsZSBub25jZQ==")
        #expect(request.origin == "https://relay.example")
        #expect(request.requestedProtocols == ["realtime", "openai-insecure-api-key.x", "chat"])
        #expect(request.extensions.map(\.name) == ["permessage-deflate", "x-other"])
        #expect(request.deflateOffers == [PerMessageDeflateParameters(clientMaxWindowBits: 15)])
        #expect(request.path == "/realtime")
        #expect(request.query == "x=1")
        #expect(WebSocketServerHandshake.isUpgradeRequest(head))
    }

    @Test(arguments: [
        ("Upgrade", "WebSocket"), ("Upgrade", "h2c, websocket"), ("Connection", "keep-alive, Upgrade"),
        ("Connection", "UPGRADE"),
    ])
    func tokenListsAreMatchedWithoutCaseAcrossElements(_ field: (String, String)) {
        let head = upgradeHead(upgradeFields(replacing: [(name: field.0, value: field.1)]))
        #expect((try? WebSocketServerHandshake.evaluate(head).get()) != nil)
    }

    @Test func tokensAreFoundAcrossRepeatedFields() {
        let fields = upgradeFields(removing: ["Connection"]) + [("Connection", "keep-alive"), ("Connection", "upgrade")]
        #expect((try? WebSocketServerHandshake.evaluate(upgradeHead(fields)).get()) != nil)
    }

    static let rejections: [RejectionCase] = [
        RejectionCase(name: "POST", head: upgradeHead(method: .post, upgradeFields()), status: 405, header: ("Allow", "GET")),
        RejectionCase(name: "HTTP/1.0", head: upgradeHead(version: .http1_0, upgradeFields()), status: 400),
        RejectionCase(name: "with a body", head: upgradeHead(bodyFraming: .contentLength(3), upgradeFields()), status: 400),
        RejectionCase(name: "no Upgrade", head: upgradeHead(upgradeFields(removing: ["Upgrade"])), status: 400),
        RejectionCase(name: "Upgrade: h2c", head: upgradeHead(upgradeFields(replacing: [("Upgrade", "h2c")])), status: 400),
        RejectionCase(name: "Upgrade: websockets", head: upgradeHead(upgradeFields(replacing: [("Upgrade", "websockets")])), status: 400),
        RejectionCase(name: "no Connection", head: upgradeHead(upgradeFields(removing: ["Connection"])), status: 400),
        RejectionCase(name: "Connection: keep-alive", head: upgradeHead(upgradeFields(replacing: [("Connection", "keep-alive")])), status: 400),
        RejectionCase(name: "Connection: upgraded", head: upgradeHead(upgradeFields(replacing: [("Connection", "upgraded")])), status: 400),
        RejectionCase(name: "version 8", head: upgradeHead(upgradeFields(replacing: [("Sec-WebSocket-Version", "8")])),
                      status: 426, header: ("Sec-WebSocket-Version", "13")),
        RejectionCase(name: "no version", head: upgradeHead(upgradeFields(removing: ["Sec-WebSocket-Version"])),
                      status: 426, header: ("Sec-WebSocket-Version", "13")),
        RejectionCase(name: "two versions", head: upgradeHead(upgradeFields() + [("Sec-WebSocket-Version", "13")]),
                      status: 426, header: ("Sec-WebSocket-Version", "13")),
        RejectionCase(name: "no key", head: upgradeHead(upgradeFields(removing: ["Sec-WebSocket-Key"])), status: 400),
        RejectionCase(name: "two keys", head: upgradeHead(upgradeFields() + [("Sec-WebSocket-Key", "AAAAAAAAAAAAAAAAAAAAAA==")]), status: 400),
        RejectionCase(name: "key of 15 bytes", head: upgradeHead(upgradeFields(replacing: [("Sec-WebSocket-Key", "AAAAAAAAAAAAAAAAAAAA")])), status: 400),
        RejectionCase(name: "key of 17 bytes", head: upgradeHead(upgradeFields(replacing: [("Sec-WebSocket-Key", "AAAAAAAAAAAAAAAAAAAAAAA=")])), status: 400),
        RejectionCase(name: "key not base64", head: upgradeHead(upgradeFields(replacing: [("Sec-WebSocket-Key", "!!!!!!!!!!!!!!!!!!!!!!==")])), status: 400),
        RejectionCase(name: "key without padding", head: upgradeHead(upgradeFields(replacing: [("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ")])), status: 400),
        RejectionCase(name: "key with non-zero padding bits", head: upgradeHead(upgradeFields(replacing: [("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZR==")])), status: 400),
        RejectionCase(name: "key in URL-safe alphabet", head: upgradeHead(upgradeFields(replacing: [("Sec-WebSocket-Key", "-_hlIHNhbXBsZSBub25jZQ==")])), status: 400),
    ]

    @Test(arguments: rejections)
    func refusesInvalidRequest(_ example: RejectionCase) {
        switch WebSocketServerHandshake.evaluate(example.head) {
        case .success:
            Issue.record("accepted \(example.name)")
        case .failure(let rejection):
            #expect(rejection.status.code == example.status)
            if let header = example.header {
                #expect(rejection.headers.contains { $0.name == header.name && $0.value == header.value })
            }
            #expect(!rejection.reason.isEmpty)
        }
    }

    @Test func responseCarriesAcceptProtocolAndExtensions() throws {
        let head = upgradeHead(upgradeFields(replacing: [("Sec-WebSocket-Protocol", "a, b")]))
        let request = try WebSocketServerHandshake.evaluate(head).get()
        let deflate = PerMessageDeflateParameters(serverNoContextTakeover: true, clientMaxWindowBits: 10)
        let bytes = WebSocketServerHandshake.response(for: request, protocol: "b", deflate: deflate)
        #expect(String(decoding: bytes, as: UTF8.self) == "HTTP/1.1 101 Switching Protocols\r\n"
            + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
            + "Sec-WebSocket-Protocol: b\r\n"
            + "Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover; client_max_window_bits=10\r\n\r\n")
        let plain = WebSocketServerHandshake.response(for: request, protocol: nil, deflate: nil)
        #expect(String(decoding: plain, as: UTF8.self) == "HTTP/1.1 101 Switching Protocols\r\n"
            + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n")
    }

    @Test func malformedExtensionListIsIgnored() throws {
        let head = upgradeHead(upgradeFields(replacing: [("Sec-WebSocket-Extensions", "permessage-deflate; =x")]))
        let request = try WebSocketServerHandshake.evaluate(head).get()
        #expect(request.extensions.isEmpty)
        #expect(request.deflateOffers.isEmpty)
    }
}
