// permessage-deflate negotiation for both roles, and which codecs each role gets.

import Testing
import WebSocket

@Suite("permessage-deflate negotiation")
struct DeflateNegotiationTests {
    static func offers(_ value: String) -> [PerMessageDeflateParameters] {
        PerMessageDeflate.offers(in: WebSocketExtension.parseList([value]) ?? [])
    }

    static func accepted(_ value: String, _ configuration: PerMessageDeflateConfiguration = .init()) -> String? {
        PerMessageDeflate.accept(offers: offers(value), configuration: configuration)?.description
    }

    @Test func serverAnswersTheFirstValidOffer() {
        let cases: [(String, PerMessageDeflateConfiguration, String?)] = [
            ("permessage-deflate; client_max_window_bits", .init(), "permessage-deflate"),
            ("permessage-deflate", .init(), "permessage-deflate"),
            ("permessage-deflate; server_max_window_bits=10", .init(), "permessage-deflate; server_max_window_bits=10"),
            ("permessage-deflate; server_max_window_bits=12", .init(serverMaxWindowBits: 10),
             "permessage-deflate; server_max_window_bits=10"),
            ("permessage-deflate", .init(serverMaxWindowBits: 11), "permessage-deflate; server_max_window_bits=11"),
            ("permessage-deflate; client_max_window_bits", .init(clientMaxWindowBits: 10),
             "permessage-deflate; client_max_window_bits=10"),
            ("permessage-deflate; client_max_window_bits=9", .init(clientMaxWindowBits: 12),
             "permessage-deflate; client_max_window_bits=9"),
            // RFC 7692 §7.1.2.2: no client_max_window_bits in the offer, none in the response.
            ("permessage-deflate", .init(clientMaxWindowBits: 10), "permessage-deflate"),
            ("permessage-deflate; server_no_context_takeover; client_no_context_takeover", .init(),
             "permessage-deflate; server_no_context_takeover; client_no_context_takeover"),
            ("permessage-deflate", .init(serverNoContextTakeover: true, clientNoContextTakeover: true),
             "permessage-deflate; server_no_context_takeover; client_no_context_takeover"),
            // Invalid offers are declined and the next one gets its turn.
            ("permessage-deflate; server_max_window_bits=16, permessage-deflate; client_max_window_bits=8", .init(),
             "permessage-deflate; client_max_window_bits=8"),
            ("permessage-deflate; foo, permessage-deflate; server_no_context_takeover; server_no_context_takeover", .init(), nil),
            ("x-webkit-deflate-frame", .init(), nil),
            ("permessage-deflate", .disabled, nil),
        ]
        for (offer, configuration, expected) in cases {
            #expect(Self.accepted(offer, configuration) == expected, "\(offer)")
        }
    }

    @Test func clientOffersWhatItsConfigurationAsks() {
        #expect(PerMessageDeflate.offer(configuration: .init()).description == "permessage-deflate; client_max_window_bits")
        let narrow = PerMessageDeflateConfiguration(
            serverMaxWindowBits: 10, clientMaxWindowBits: 9, serverNoContextTakeover: true, clientNoContextTakeover: true)
        #expect(PerMessageDeflate.offer(configuration: narrow).description == "permessage-deflate; server_no_context_takeover; "
            + "client_no_context_takeover; server_max_window_bits=10; client_max_window_bits=9")
    }

    @Test func clientAcceptsValidResponses() throws {
        let defaults = PerMessageDeflateConfiguration()
        #expect(try PerMessageDeflate.validateResponse([], configuration: defaults) == nil)
        #expect(try PerMessageDeflate.validateResponse([], configuration: .disabled) == nil)
        #expect(try PerMessageDeflate.validateResponse(["permessage-deflate"], configuration: defaults) == PerMessageDeflateParameters())
        // RFC 7692 §7.1.1.1, §7.1.1.2, §7.1.2.1: the server may add these unasked.
        let unasked = "permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=8; client_max_window_bits=8"
        #expect(try PerMessageDeflate.validateResponse([unasked], configuration: defaults) == PerMessageDeflateParameters(
            serverNoContextTakeover: true, clientNoContextTakeover: true, serverMaxWindowBits: 8, clientMaxWindowBits: 8))
        let narrow = PerMessageDeflateConfiguration(serverMaxWindowBits: 10, serverNoContextTakeover: true)
        #expect(try PerMessageDeflate.validateResponse(
            ["permessage-deflate; server_max_window_bits=9; server_no_context_takeover"], configuration: narrow)
            == PerMessageDeflateParameters(serverNoContextTakeover: true, serverMaxWindowBits: 9))
    }

    @Test func clientRefusesInvalidResponses() {
        let cases: [([String], PerMessageDeflateConfiguration)] = [
            (["permessage-deflate"], .disabled),
            (["x-other"], .init()),
            (["permessage-deflate, x-other"], .init()),
            (["permessage-deflate", "permessage-deflate"], .init()),
            (["permessage-deflate; client_max_window_bits"], .init()),
            (["permessage-deflate; server_max_window_bits=16"], .init()),
            (["permessage-deflate; server_max_window_bits"], .init()),
            (["permessage-deflate; unknown"], .init()),
            (["permessage-deflate; server_no_context_takeover; server_no_context_takeover"], .init()),
            (["permessage-deflate;;"], .init()),
            (["permessage-deflate"], .init(serverMaxWindowBits: 10)),
            (["permessage-deflate; server_max_window_bits=11"], .init(serverMaxWindowBits: 10)),
            (["permessage-deflate"], .init(serverNoContextTakeover: true)),
            (["permessage-deflate; client_max_window_bits=12"], .init(clientMaxWindowBits: 11)),
        ]
        for (values, configuration) in cases {
            #expect(throws: PerMessageDeflateError.self, "\(values)") {
                try PerMessageDeflate.validateResponse(values, configuration: configuration)
            }
        }
    }

    @Test func eachRoleCompressesUnderItsOwnParametersAndInflatesUnderThePeers() {
        let parameters = PerMessageDeflateParameters(
            serverNoContextTakeover: true, clientNoContextTakeover: false, serverMaxWindowBits: 10, clientMaxWindowBits: 12)
        let server = PerMessageDeflate.makeCodecs(parameters: parameters, role: .server, configuration: .init(threshold: 100))
        #expect(server.deflater.windowBits == 10 && server.deflater.noContextTakeover && server.deflater.threshold == 100)
        #expect(server.inflater.windowBits == 12 && !server.inflater.noContextTakeover)
        let client = PerMessageDeflate.makeCodecs(
            parameters: parameters, role: .client, configuration: .init(clientMaxWindowBits: 9, clientNoContextTakeover: true))
        #expect(client.deflater.windowBits == 9 && client.deflater.noContextTakeover)
        #expect(client.inflater.windowBits == 10 && client.inflater.noContextTakeover)
        let defaults = PerMessageDeflate.makeCodecs(parameters: .init(), role: .client, configuration: .init())
        #expect(defaults.deflater.windowBits == 15 && defaults.inflater.windowBits == 15)
    }
}
