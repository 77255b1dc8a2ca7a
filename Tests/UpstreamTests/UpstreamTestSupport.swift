// Shared pieces of the upstream tests: a loop to run connectors on, a realtime test upstream, outcomes.
import Credentials
import JSON
import Logging
import NetworkTestSupport
import Reactor
import Synchronization
import TLS
import Upstream
import WebSocket
import WebSocketIO

/// One loop for one test; stopped when released.
final class UpstreamTestLoop: Sendable {
    let group: LoopGroup

    init() throws {
        group = try LoopGroup(count: 1, threadName: "test")
        try group.start { _ in }
    }

    deinit {
        group.stop()
        group.join()
    }

    /// Opens an upstream session with `configuration` and reports what happened, as words.
    func open(_ configuration: UpstreamConfiguration, deployment: String? = nil,
              logger: Logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })) async -> OpenOutcome {
        await group.loops[0].run { context, done in
            UpstreamConnector.open(configuration, deployment: deployment, sessionID: "sess-test", context: context,
                                   logger: logger) { result in
                switch result {
                case .success(let session):
                    // Read the upstream's first event, then close politely.
                    let reader = FirstEventReader { first in
                        session.connection.close(code: .normalClosure, reason: "test done")
                        done(.opened(url: session.url, firstEvent: first))
                    }
                    session.connection.delegate = reader
                case .failure(let error):
                    var rejection: RejectionSummary?
                    if case .rejected(let details) = error {
                        rejection = RejectionSummary(status: details.status, code: details.errorCode,
                                                     requestID: details.requestID, region: details.region)
                    }
                    done(.failed("\(error)", rejection: rejection))
                }
            }
        }
    }
}

enum OpenOutcome: Sendable, Equatable {
    case opened(url: String, firstEvent: String)
    case failed(String, rejection: RejectionSummary?)

    var failure: String? {
        if case .failed(let message, _) = self { return message }
        return nil
    }
}

struct RejectionSummary: Sendable, Equatable {
    var status: Int
    var code: String?
    var requestID: String?
    var region: String?
}

/// Keeps the first text message's `type` and hands it over once.
final class FirstEventReader: WebSocketConnectionDelegate {
    private var report: ((String) -> Void)?
    init(_ report: @escaping (String) -> Void) { self.report = report }

    func webSocket(_ connection: WebSocketConnection, received message: WebSocketMessage) {
        guard let report else { return }
        self.report = nil
        report((try? JSONValue.parse(message.payload))?["type"]?.stringValue ?? "?")
    }

    func webSocketClosed(_ connection: WebSocketConnection, code: WebSocketCloseCode, reason: String) {
        report?("closed \(code.rawValue)")
        report = nil
    }
}

/// A scripted upstream that accepts realtime upgrades on the GA or preview path and greets with
/// `session.created`; any other request gets 404 like Azure for an unknown deployment.
func realtimeUpstream(tls: TLSConfiguration? = nil, deployment: String = "gpt-realtime",
                      check: @escaping @Sendable (ScriptedRequest) -> ScriptedReply? = { _ in nil }) throws -> ScriptedServer {
    try ScriptedServer(tls: tls) { request in
        if let reply = check(request) { return reply }
        let isGA = request.path == "/openai/v1/realtime" && request.queryItem("model") == deployment
        let isPreview = request.path == "/openai/realtime" && request.queryItem("deployment") == deployment
        guard isGA || isPreview else {
            return .json(404, #"{"error":{"code":"DeploymentNotFound","message":"The API deployment for this resource does not exist."}}"#,
                         headers: [("apim-request-id", "req-404"), ("x-ms-region", "Sweden Central")])
        }
        return .webSocket { connection in
            connection.delegate = EchoUpstream()
            connection.send(text: sessionCreated)
        }
    }
}

/// What Azure sends first on a GA session.
let sessionCreated = #"{"type":"session.created","event_id":"ev_1","session":{"id":"sess_1","type":"realtime","model":"gpt-realtime","expires_at":4102444800}}"#

/// The test upstream after its greeting: echoes every message.
final class EchoUpstream: WebSocketConnectionDelegate {
    func webSocket(_ connection: WebSocketConnection, received message: WebSocketMessage) {
        connection.send(message.opcode, payload: message.payload)
    }

    func webSocketClosed(_ connection: WebSocketConnection, code: WebSocketCloseCode, reason: String) {}
}
