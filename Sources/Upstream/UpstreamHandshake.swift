// The upgrade request the relay sends to Azure: URL, credential field, identification.
import WebSocket

extension UpstreamConfiguration {
    /// The client handshake for one upstream session. `credentialField` is `api-key` or
    /// `Authorization`; `sessionID` goes out as `x-ms-client-request-id`, so Azure's logs and ours
    /// can be joined. The handshake's description names no header value.
    public func handshake(deployment: String? = nil, credentialField: (name: String, value: String),
                          sessionID: String) throws(WebSocketClientHandshakeError) -> WebSocketClientHandshake {
        var headers: [(String, String)] = [credentialField, ("User-Agent", userAgent)]
        if !sessionID.isEmpty { headers.append(("x-ms-client-request-id", sessionID)) }
        // The preview protocol was selected by this header; the GA one must not get it.
        if !endpoint.isGA { headers.append(("OpenAI-Beta", "realtime=v1")) }
        return try WebSocketClientHandshake(url: realtimeURL(deployment: deployment), headers: headers)
    }
}
