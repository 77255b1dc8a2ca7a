// The relay's WebSocket endpoints: the page's /realtime and the SDK-compatible Azure paths.
import HTTP
import JSON
import Reactor
import Server
import WebSocket
import WebSocketIO

/// Takes upgrades on `/realtime` (the page), `/openai/v1/realtime?model=D` (GA SDK clients) and
/// `/openai/realtime?api-version=V&deployment=D` (preview SDK clients), so an unmodified SDK works
/// with the relay as its base URL and a dummy key. Whatever credential the client sends stays here:
/// the upstream request is built by the relay alone.
package struct RelayService: WebSocketService {
    package let configuration: RelayConfiguration

    package init(configuration: RelayConfiguration) {
        self.configuration = configuration
    }

    static let paths: Set<String> = ["/realtime", "/openai/v1/realtime", "/openai/realtime"]

    package func handles(path: String) -> Bool { Self.paths.contains(path) }

    package func decide(_ request: WebSocketUpgradeRequest, head: HTTPRequestHead) -> WebSocketUpgradeDecision {
        guard configuration.origins.permits(origin: request.origin, host: head.headers["host"]) else {
            return Self.refusal(.forbidden, code: "origin_not_allowed",
                                message: "The relay refused this page's origin (\(request.origin ?? "")); the operator can allow it with --allowed-origins.")
        }
        let deployment = Self.deployment(in: request, default: configuration.upstream.deployment)
        guard configuration.allowedDeployments.contains(deployment) else {
            let allowed = configuration.allowedDeployments.sorted().joined(separator: ", ")
            return Self.refusal(.forbidden, code: "deployment_not_allowed",
                                message: "This relay does not serve the deployment \"\(deployment)\"; it serves: \(allowed).")
        }
        return .accept(subprotocol: Self.subprotocol(from: request.requestedProtocols))
    }

    package func upgraded(_ connection: WebSocketConnection, request: WebSocketUpgradeRequest, head: HTTPRequestHead) {
        let deployment = Self.deployment(in: request, default: configuration.upstream.deployment)
        let peer = (connection.stream as? TCPConnection)?.peer.description ?? "-"
        _ = RelaySession(client: connection, deployment: deployment, peer: peer, configuration: configuration)
    }

    /// The deployment a client asks for: `model` (GA) or `deployment` (preview) in the query.
    static func deployment(in request: WebSocketUpgradeRequest, default configured: String) -> String {
        guard let query = request.query else { return configured }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0] == "model" || parts[0] == "deployment" else { continue }
            let value = PercentDecoding.decode(parts[1].utf8).map { String(decoding: $0, as: UTF8.self) } ?? String(parts[1])
            if !value.isEmpty { return value }
        }
        return configured
    }

    /// Browsers fail a connection whose requested subprotocols get no answer, so one is chosen, but
    /// never one carrying a credential (`openai-insecure-api-key.…`, `relay-token.…`).
    static func subprotocol(from requested: [String]) -> String? {
        for candidate in ["realtime", "openai-beta.realtime-v1"] where requested.contains(candidate) { return candidate }
        return nil
    }

    /// A refusal SDK clients can show: Azure's error shape as JSON.
    static func refusal(_ status: HTTPStatus, code: String, message: String) -> WebSocketUpgradeDecision {
        let body: JSONValue = ["error": ["code": .string(code), "message": .string(message)]]
        return .refuseWithBody(status, contentType: "application/json", body: body.serializedString + "\n")
    }
}
