// Sec-WebSocket-Extensions parsing and the permessage-deflate parameters of offers and responses.

import Testing
import WebSocket

@Suite("Extension header parsing")
struct DeflateExtensionHeaderTests {
    typealias Parameter = WebSocketExtension.Parameter

    @Test func parsesSeveralOffersAcrossFieldsWithQuotedValues() throws {
        let list = try #require(WebSocketExtension.parseList([
            "permessage-deflate; client_max_window_bits; server_max_window_bits=\"10\" ,permessage-deflate",
            " , x-custom ;a = b; c=\"d\\e\"",
        ]))
        #expect(list == [
            WebSocketExtension(name: "permessage-deflate", parameters: [
                Parameter(name: "client_max_window_bits"), Parameter(name: "server_max_window_bits", value: "10"),
            ]),
            WebSocketExtension(name: "permessage-deflate"),
            WebSocketExtension(name: "x-custom", parameters: [Parameter(name: "a", value: "b"), Parameter(name: "c", value: "de")]),
        ])
        #expect(WebSocketExtension.parseList([]) == [])
        #expect(WebSocketExtension.parseList(["", " , "]) == [])
    }

    @Test(arguments: [
        "permessage-deflate;", "permessage-deflate; =1", "permessage-deflate; a=", "permessage-deflate; a=\"\"",
        "permessage-deflate; a=\"1 2\"", "permessage-deflate; a=\"10", "; a", "permessage deflate",
        "permessage-deflate a", "permessage-deflate; a=b c", "permessage-deflate; a=(b)",
    ])
    func refusesMalformedList(_ value: String) {
        #expect(WebSocketExtension.parseList(["x", value]) == nil)
    }

    @Test func serialisesWhatItParses() throws {
        let value = "permessage-deflate; server_no_context_takeover; client_max_window_bits=9, x; y"
        let list = try #require(WebSocketExtension.parseList([value]))
        #expect(WebSocketExtension.headerValue(list) == value)
    }

    static func element(_ text: String) -> WebSocketExtension {
        WebSocketExtension.parseList([text])!.first!
    }

    @Test(arguments: [
        ("permessage-deflate", PerMessageDeflateParameters()),
        ("Permessage-Deflate; Server_No_Context_Takeover", PerMessageDeflateParameters(serverNoContextTakeover: true)),
        ("permessage-deflate; client_no_context_takeover", PerMessageDeflateParameters(clientNoContextTakeover: true)),
        ("permessage-deflate; client_max_window_bits", PerMessageDeflateParameters(clientMaxWindowBits: 15)),
        ("permessage-deflate; client_max_window_bits=8; server_max_window_bits=\"15\"",
         PerMessageDeflateParameters(serverMaxWindowBits: 15, clientMaxWindowBits: 8)),
    ])
    func readsValidOffer(_ example: (String, PerMessageDeflateParameters)) throws {
        #expect(try PerMessageDeflateParameters(offer: Self.element(example.0)) == example.1)
    }

    @Test(arguments: [
        "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
        "permessage-deflate; client_max_window_bits; client_max_window_bits=10",
        "permessage-deflate; server_no_context_takeover=1",
        "permessage-deflate; server_max_window_bits",
        "permessage-deflate; server_max_window_bits=7", "permessage-deflate; server_max_window_bits=16",
        "permessage-deflate; server_max_window_bits=010", "permessage-deflate; server_max_window_bits=+9",
        "permessage-deflate; client_max_window_bits=0x9", "permessage-deflate; mystery",
        "x-deflate",
    ])
    func refusesInvalidOffer(_ text: String) {
        #expect(throws: PerMessageDeflateError.self) { try PerMessageDeflateParameters(offer: Self.element(text)) }
    }

    @Test func responseNeedsAValueForTheClientWindow() throws {
        let bare = Self.element("permessage-deflate; client_max_window_bits")
        #expect(throws: PerMessageDeflateError.self) { try PerMessageDeflateParameters(response: bare) }
        let valued = Self.element("permessage-deflate; client_max_window_bits=11")
        #expect(try PerMessageDeflateParameters(response: valued) == PerMessageDeflateParameters(clientMaxWindowBits: 11))
    }

    @Test func writesParametersInAFixedOrder() {
        let all = PerMessageDeflateParameters(
            serverNoContextTakeover: true, clientNoContextTakeover: true, serverMaxWindowBits: 9, clientMaxWindowBits: 12)
        #expect(all.description == "permessage-deflate; server_no_context_takeover; client_no_context_takeover; "
            + "server_max_window_bits=9; client_max_window_bits=12")
        #expect(PerMessageDeflateParameters().description == "permessage-deflate")
    }
}
