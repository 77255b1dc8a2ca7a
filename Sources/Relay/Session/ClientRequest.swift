// What the relay knows of a client when its session starts: who it is and what it asked for.
import HTTP
import JSON
import Upstream
import WebSocket

/// The client's side of a session's start, for its log lines and the frame log's `session_start`.
/// Nothing here is a credential: the query (which may hold `access_token`) and the headers that carry
/// keys are not kept.
struct ClientRequest {
    var peer: ForwardedClient
    /// The path without its query.
    var path: String
    var origin: String?
    var userAgent: String?

    init(peer: ForwardedClient, request: WebSocketUpgradeRequest, head: HTTPRequestHead) {
        self.peer = peer
        path = request.path
        origin = request.origin
        userAgent = head.headers["user-agent"].map { String($0.prefix(512)) }
    }

    init(peer: ForwardedClient, path: String = "/realtime") {
        self.peer = peer
        self.path = path
    }

    /// The `session_start` fields beyond `event`, `ts` and `session`.
    func logFields(deployment: String, upstream: UpstreamConfiguration) -> JSONObject {
        var fields: JSONObject = ["client": .string(peer.address)]
        if peer.viaProxy { fields["via_proxy"] = true }
        if let scheme = peer.scheme { fields["scheme"] = .string(scheme) }
        fields["path"] = .string(path)
        fields["origin"] = origin.map { .string($0) } ?? .null
        fields["user_agent"] = userAgent.map { .string($0) } ?? .null
        fields["deployment"] = .string(deployment)
        fields["api"] = .string(upstream.endpoint.isGA ? "ga" : "preview")
        fields["upstream_url"] = .string(upstream.endpoint.realtimeURL(deployment: deployment))
        fields["credential"] = .string(upstream.credential.description)
        return fields
    }
}
