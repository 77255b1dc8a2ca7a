// Negotiating permessage-deflate: the server's choice among offers, the client's offer and its check of the answer.

extension PerMessageDeflate {
    // MARK: Server (RFC 7692 §5, §7.1)

    /// The valid permessage-deflate offers among `extensions`, in the client's order of preference.
    /// Offers with invalid, repeated or unknown parameters are left out: RFC 7692 §7.1 has a server
    /// decline them, and the next offer gets its turn.
    public static func offers(in extensions: [WebSocketExtension]) -> [PerMessageDeflateParameters] {
        extensions.compactMap { element in
            guard HandshakeToken.equalsIgnoringCase(element.name, PerMessageDeflateParameters.extensionName) else {
                return nil
            }
            return try? PerMessageDeflateParameters(offer: element)
        }
    }

    /// The response parameters for the first offer this server accepts, or nil to decline
    /// permessage-deflate (then the response carries no extension).
    ///
    /// Every valid offer can be honoured, so the first one is accepted, answered as RFC 7692 asks:
    /// `server_no_context_takeover` when offered or configured (§7.1.1.1); `client_no_context_takeover`
    /// when offered (echoed) or configured (§7.1.1.2); `server_max_window_bits` as the smaller of the
    /// offer and the configuration, sent when either names a window below 15 (§7.1.2.1); and
    /// `client_max_window_bits` only if the offer named it, as the smaller of the offer and the
    /// configuration when that is below 15 (§7.1.2.2).
    public static func accept(
        offers: [PerMessageDeflateParameters], configuration: PerMessageDeflateConfiguration
    ) -> PerMessageDeflateParameters? {
        guard configuration.enabled, let offer = offers.first else { return nil }
        var response = PerMessageDeflateParameters()
        response.serverNoContextTakeover = offer.serverNoContextTakeover || configuration.serverNoContextTakeover
        response.clientNoContextTakeover = offer.clientNoContextTakeover || configuration.clientNoContextTakeover
        let serverBits = min(offer.serverMaxWindowBits ?? 15, configuration.serverMaxWindowBits)
        if offer.serverMaxWindowBits != nil || serverBits < 15 { response.serverMaxWindowBits = serverBits }
        if let offered = offer.clientMaxWindowBits {
            let clientBits = min(offered, configuration.clientMaxWindowBits)
            if clientBits < 15 { response.clientMaxWindowBits = clientBits }
        }
        return response
    }

    // MARK: Client (RFC 7692 §5, §7.1)

    /// The offer a client sends: `permessage-deflate; client_max_window_bits` (with `=N` when the
    /// configuration limits the client's window), plus `server_max_window_bits=N` and the
    /// no-context-takeover parameters the configuration asks for.
    public static func offer(configuration: PerMessageDeflateConfiguration) -> WebSocketExtension {
        var parameters: [WebSocketExtension.Parameter] = []
        if configuration.serverNoContextTakeover { parameters.append(.init(name: "server_no_context_takeover")) }
        if configuration.clientNoContextTakeover { parameters.append(.init(name: "client_no_context_takeover")) }
        if configuration.serverMaxWindowBits < 15 {
            parameters.append(.init(name: "server_max_window_bits", value: String(configuration.serverMaxWindowBits)))
        }
        let clientBits = configuration.clientMaxWindowBits
        parameters.append(.init(name: "client_max_window_bits", value: clientBits < 15 ? String(clientBits) : nil))
        return WebSocketExtension(name: PerMessageDeflateParameters.extensionName, parameters: parameters)
    }

    /// Checks the server's `Sec-WebSocket-Extensions` values against what ``offer(configuration:)``
    /// sent. Returns nil when the server declined the extension, the accepted parameters otherwise.
    ///
    /// Throws (the client must then fail the connection: RFC 6455 §4.1, RFC 7692 §7.1) when the values
    /// are malformed; name any extension other than one permessage-deflate, or any when nothing was
    /// offered; carry unknown, repeated or out-of-range parameters; omit `server_no_context_takeover`
    /// or `server_max_window_bits` when the offer asked for them, or answer a larger window than
    /// requested (§7.1.1.1, §7.1.2.1); or answer `client_max_window_bits` larger than offered (§7.1.2.2).
    public static func validateResponse(
        _ fieldValues: [String], configuration: PerMessageDeflateConfiguration
    ) throws(PerMessageDeflateError) -> PerMessageDeflateParameters? {
        guard let elements = WebSocketExtension.parseList(fieldValues) else {
            throw PerMessageDeflateError(reason: "the server's Sec-WebSocket-Extensions is malformed")
        }
        guard let element = elements.first else { return nil }
        guard configuration.enabled else {
            throw PerMessageDeflateError(reason: "the server accepted an extension the client did not offer")
        }
        guard elements.count == 1,
              HandshakeToken.equalsIgnoringCase(element.name, PerMessageDeflateParameters.extensionName)
        else { throw PerMessageDeflateError(reason: "the server accepted an extension the client did not offer") }

        let response = try PerMessageDeflateParameters(response: element)
        if configuration.serverNoContextTakeover && !response.serverNoContextTakeover {
            throw PerMessageDeflateError(reason: "the server ignored the requested server_no_context_takeover")
        }
        if configuration.serverMaxWindowBits < 15 {
            guard let bits = response.serverMaxWindowBits, bits <= configuration.serverMaxWindowBits else {
                throw PerMessageDeflateError(reason: "the server did not honour the requested server_max_window_bits")
            }
        }
        if let bits = response.clientMaxWindowBits, bits > configuration.clientMaxWindowBits {
            throw PerMessageDeflateError(reason: "the server answered client_max_window_bits larger than offered")
        }
        return response
    }
}
