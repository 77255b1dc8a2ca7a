// The permessage-deflate extension (RFC 7692): negotiation entry points and the codec factory.

/// permessage-deflate (RFC 7692): negotiation for both roles (see `PerMessageDeflate+Negotiation`)
/// and the compressor and decompressor for a negotiated connection.
public enum PerMessageDeflate {
    /// The compressor and decompressor for a connection that negotiated `parameters` (the server's
    /// response, as sent or as received), in `role`, under `configuration`.
    ///
    /// The server compresses under the `server_*` parameters and inflates under the `client_*` ones;
    /// the client the reverse (RFC 7692 §7.1). Where a window parameter is absent the full window (15)
    /// applies. The local end never compresses with a larger window or more context than its own
    /// configuration allows, which it may always do unannounced (RFC 7692 §7.1.2).
    public static func makeCodecs(
        parameters: PerMessageDeflateParameters, role: WebSocketRole, configuration: PerMessageDeflateConfiguration
    ) -> (inflater: DeflateDecompressor, deflater: DeflateCompressor) {
        let sendBits: Int
        let sendReset: Bool
        let receiveBits: Int
        let receiveReset: Bool
        switch role {
        case .server:
            sendBits = min(parameters.serverMaxWindowBits ?? 15, configuration.serverMaxWindowBits)
            sendReset = parameters.serverNoContextTakeover || configuration.serverNoContextTakeover
            receiveBits = parameters.clientMaxWindowBits ?? 15
            receiveReset = parameters.clientNoContextTakeover
        case .client:
            sendBits = min(parameters.clientMaxWindowBits ?? 15, configuration.clientMaxWindowBits)
            sendReset = parameters.clientNoContextTakeover || configuration.clientNoContextTakeover
            receiveBits = parameters.serverMaxWindowBits ?? 15
            receiveReset = parameters.serverNoContextTakeover
        }
        let deflater = DeflateCompressor(
            windowBits: sendBits, noContextTakeover: sendReset, threshold: configuration.threshold,
            compressionLevel: configuration.compressionLevel, memoryLevel: configuration.memoryLevel)
        let inflater = DeflateDecompressor(windowBits: receiveBits, noContextTakeover: receiveReset)
        return (inflater, deflater)
    }
}
