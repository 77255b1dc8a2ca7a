// The replaying upstream's endpoints: Azure's GA and preview realtime paths (and the page's /realtime).
import HTTP
import Logging
import Server
import WebSocket
import WebSocketIO

struct ReplayUpstreamService: WebSocketService {
    let conversation: RecordedConversation
    let pacing: ReplayPacing
    let logger: Logger

    static let paths: Set<String> = ["/openai/v1/realtime", "/openai/realtime", "/realtime"]

    func handles(path: String) -> Bool { Self.paths.contains(path) }

    /// Any deployment and any credential: the recording answers whoever asks.
    func decide(_ request: WebSocketUpgradeRequest, head: HTTPRequestHead) -> WebSocketUpgradeDecision {
        .accept(subprotocol: ["realtime", "openai-beta.realtime-v1"].first { request.requestedProtocols.contains($0) })
    }

    func upgraded(_ connection: WebSocketConnection, request: WebSocketUpgradeRequest, head: HTTPRequestHead) {
        logger.info("replay client connected", metadata: ["path": "\(request.path)"])
        let session = ReplaySession(connection: connection, conversation: conversation, pacing: pacing, logger: logger)
        connection.delegate = session
        session.start()
    }
}
