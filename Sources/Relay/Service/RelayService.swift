// The relay's WebSocket endpoints: the page's /realtime and the SDK-compatible Azure paths.
import HTTP
import JSON
import Posix
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
    private let admission: SessionAdmission

    package init(configuration: RelayConfiguration) {
        self.configuration = configuration
        admission = SessionAdmission(limits: configuration.limits)
    }

    /// The relay's per-loop counters for /metrics (add to `ServerConfiguration.metricsSources`).
    package static let metrics: any LoopMetricsSource = RelayMetricsSource()

    static let paths: Set<String> = ["/realtime", "/openai/v1/realtime", "/openai/realtime"]

    package func handles(path: String) -> Bool { Self.paths.contains(path) }

    package func decide(_ request: WebSocketUpgradeRequest, head: HTTPRequestHead) -> WebSocketUpgradeDecision {
        guard configuration.accessTokens.isEmpty || presentsAccessToken(request, head: head) else {
            return Self.refusal(.unauthorized, code: "unauthorized",
                                message: "This relay needs an access token: Authorization: Bearer TOKEN, the access_token query parameter, or the subprotocol relay-token.TOKEN.")
        }
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
        let client = Self.client(of: connection, head: head, trusted: configuration.trustedProxies)
        let verdict = admission.admit(client: client.address)
        guard verdict == .admitted else { return refuse(connection, verdict: verdict, client: client.address) }
        let admission = self.admission
        _ = RelaySession(client: connection, deployment: deployment,
                         request: ClientRequest(peer: client, request: request, head: head),
                         configuration: configuration) { admission.release(client: client.address) }
    }

    /// The client as limits count it: the TCP peer, or whom a trusted proxy forwarded for.
    static func client(of connection: WebSocketConnection, head: HTTPRequestHead, trusted: TrustedProxies) -> ForwardedClient {
        guard let peer = (connection.stream as? TCPConnection)?.peer else {
            return ForwardedClient(address: "-", scheme: nil, viaProxy: false)
        }
        let text = clientKey(peer)
        return ForwardedClient.resolve(peer: IPAddress(text), peerText: text, head: head, trusted: trusted)
    }

    /// Over a limit: the WebSocket is open already, so the refusal is an error event and a close.
    private func refuse(_ connection: WebSocketConnection, verdict: SessionAdmission.Verdict, client: String) {
        let (code, message, close): (String, String, WebSocketCloseCode)
        switch verdict {
        case .relayFull:
            (code, message, close) = ("relay_full", "The relay is serving as many sessions as it may (\(configuration.limits.maxSessions)); try again later.", .tryAgainLater)
        case .tooManyFromClient:
            (code, message, close) = ("too_many_sessions", "Too many sessions from this address at once (at most \(configuration.limits.maxSessionsPerClient)).", .policyViolation)
        case .tooFastFromClient, .admitted:
            (code, message, close) = ("rate_limited", "Too many new sessions from this address (at most \(configuration.limits.newSessionsPerClientPerMinute) a minute); try again later.", .policyViolation)
        }
        RelayLoopMetrics.of(connection.context).sessionsByOutcome["refused_\(code)", default: 0] += 1
        configuration.logger.notice("session refused", metadata: ["client": "\(client)", "reason": "\(code)"])
        RealtimeErrorEvent.make(type: "invalid_request_error", code: code, message: message).withUnsafeBytes {
            connection.send(.text, payload: $0)
        }
        connection.close(code: close, reason: code.replacingUnderscores())
        connection.delegate = DiscardingDelegate.shared
    }

    /// The client's address without its port: limits count addresses, not connections.
    static func clientKey(_ address: SocketAddress) -> String {
        let text = address.description
        if text.hasPrefix("["), let end = text.firstIndex(of: "]") { return String(text[text.index(after: text.startIndex)..<end]) }
        return String(text.prefix { $0 != ":" })
    }

    /// Whether the request carries one of the access tokens, wherever a client can put it.
    private func presentsAccessToken(_ request: WebSocketUpgradeRequest, head: HTTPRequestHead) -> Bool {
        let tokens = configuration.accessTokens
        if let authorization = head.headers["authorization"], authorization.lowercased().hasPrefix("bearer "),
           tokens.accepts(authorization.dropFirst(7)) { return true }
        if let key = head.headers["api-key"], tokens.accepts(Substring(key)) { return true }
        for subprotocol in request.requestedProtocols where subprotocol.hasPrefix("relay-token.") {
            if tokens.accepts(subprotocol.dropFirst("relay-token.".count)) { return true }
        }
        for pair in (request.query ?? "").split(separator: "&") where pair.hasPrefix("access_token=") {
            let value = pair.dropFirst("access_token=".count)
            let decoded = PercentDecoding.decode(value.utf8).map { String(decoding: $0, as: UTF8.self) } ?? String(value)
            if tokens.accepts(Substring(decoded)) { return true }
        }
        return false
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

/// Holds a refused connection until its close completes; ignores what the client still sends.
final class DiscardingDelegate: WebSocketConnectionDelegate {
    nonisolated(unsafe) static let shared = DiscardingDelegate()  // stateless: safe on every loop
    func webSocket(_ connection: WebSocketConnection, received message: WebSocketMessage) {}
    func webSocketClosed(_ connection: WebSocketConnection, code: WebSocketCloseCode, reason: String) {}
}

extension String {
    fileprivate func replacingUnderscores() -> String { String(map { $0 == "_" ? " " : $0 }) }
}
