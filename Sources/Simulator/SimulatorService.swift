// The simulator's WebSocket endpoints: Azure's GA and preview realtime paths, any credential.
import HTTP
import Logging
import Server
import WebSocket
import WebSocketIO

/// Takes upgrades on `/openai/v1/realtime?model=D` (GA) and
/// `/openai/realtime?api-version=V&deployment=D` (preview), like Azure. Any `api-key` or
/// `Authorization` is accepted and none is logged: there is nothing to protect here.
struct SimulatorService: WebSocketService {
    static let gaPath = "/openai/v1/realtime"
    static let previewPath = "/openai/realtime"

    let options: SimulatorOptions
    let logger: Logger

    func handles(path: String) -> Bool { path == Self.gaPath || path == Self.previewPath }

    func decide(_ request: WebSocketUpgradeRequest, head: HTTPRequestHead) -> WebSocketUpgradeDecision {
        switch Self.deployment(path: request.path, query: request.query) {
        case .success: .accept(subprotocol: nil)
        case .failure(let problem): .refuse(.badRequest, reason: problem.reason)
        }
    }

    func upgraded(_ connection: WebSocketConnection, request: WebSocketUpgradeRequest, head: HTTPRequestHead) {
        guard case .success(let model) = Self.deployment(path: request.path, query: request.query) else { return }
        let dialect: ProtocolDialect = request.path == Self.previewPath ? .preview : .ga
        let session = SimulatedSession(connection: connection, model: model, dialect: dialect, options: options, logger: logger)
        connection.delegate = session
        session.start()
    }

    struct UpgradeProblem: Error { let reason: String }

    /// The deployment named by the URL, or why the URL is not one Azure would accept.
    static func deployment(path: String, query: String?) -> Result<String, UpgradeProblem> {
        let parameters = QueryParameters(query)
        if path == gaPath {
            if parameters["api-version"] != nil {
                return .failure(UpgradeProblem(reason: "api-version must not be sent to the GA (v1) endpoint"))
            }
            guard let model = parameters["model"], !model.isEmpty else {
                return .failure(UpgradeProblem(reason: "missing query parameter 'model' (the deployment name)"))
            }
            return .success(model)
        }
        guard parameters["api-version"] != nil else {
            return .failure(UpgradeProblem(reason: "missing query parameter 'api-version'"))
        }
        guard let deployment = parameters["deployment"], !deployment.isEmpty else {
            return .failure(UpgradeProblem(reason: "missing query parameter 'deployment'"))
        }
        return .success(deployment)
    }
}
