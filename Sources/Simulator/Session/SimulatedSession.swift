// One simulated realtime session on the simulator's loop: state, lifetime, and the WebSocket delegate.
#if canImport(Glibc)
import Glibc
#endif
import JSON
import Logging
import Posix
import Reactor
import WebSocket
import WebSocketIO

/// Everything one client connection has: its session config, input audio position, VAD,
/// conversation and at most one active response. Loop-confined (no locks): the connection, the
/// timers and this object all live on the simulator's single loop thread.
final class SimulatedSession: WebSocketConnectionDelegate {
    weak var connection: WebSocketConnection?
    let context: LoopContext
    let options: SimulatorOptions
    let logger: Logger
    var ids = IdentifierGenerator()
    var configuration: SessionConfiguration
    let conversationID: String
    var input: InputAudioTrack
    /// Nil while turn detection is off (push-to-talk).
    var detector: VoiceActivityDetector?
    /// The user item announced by `speech_started`, committed when the turn ends.
    var speechItemID: String?
    var conversation = Conversation()
    var response: ActiveResponse?
    /// True once any assistant audio went out: from then on the voice is fixed (`cannot_update_voice`).
    var assistantAudioExists = false
    /// `event_id` of the client event being handled, echoed in errors.
    var clientEventID: String?
    /// GA or preview event names, by the path the client connected on.
    let dialect: ProtocolDialect
    var responsesCompleted = 0

    lazy var responseTimer = LoopTimer(context: context) { [weak self] in self?.responseTimerFired() }
    lazy var expiryTimer = LoopTimer(context: context) { [weak self] in self?.sessionExpired() }

    init(connection: WebSocketConnection, model: String, dialect: ProtocolDialect = .ga, options: SimulatorOptions,
         logger: Logger) {
        self.connection = connection
        self.dialect = dialect
        self.context = connection.context
        self.options = options
        var ids = IdentifierGenerator()
        let sessionID = ids.next("sess")
        conversationID = ids.next("conv")
        self.ids = ids
        var logger = logger
        logger[metadataKey: "simulated_session"] = "\(sessionID)"
        self.logger = logger
        let expiresAt = Int(time(nil)) + Int(options.sessionLifetime.rounded(.up))
        configuration = SessionConfiguration(id: sessionID, model: model, expiresAt: expiresAt)
        input = InputAudioTrack(format: configuration.inputFormat)
        sessionSettingsChanged()
    }

    /// Sends `session.created` and starts the lifetime clock.
    func start() {
        logger.info("simulated session opened", metadata: ["model": "\(configuration.session["model"] ?? "")"])
        emit("session.created", ["session": configuration.value])
        expiryTimer.schedule(after: Nanoseconds.seconds(options.sessionLifetime))
    }

    /// Re-reads the settings the VAD and input decoding depend on, after creation or an update.
    func sessionSettingsChanged() {
        input.setFormat(configuration.inputFormat)
        guard let settings = configuration.turnDetection else {
            detector = nil
            speechItemID = nil
            return
        }
        if var current = detector, current.sampleRate == input.sampleRate {
            current.settings = settings
            detector = current
        } else {
            detector = VoiceActivityDetector(settings: settings, sampleRate: input.sampleRate)
        }
    }

    /// Azure ends sessions at 30 minutes with an error event, then closes.
    private func sessionExpired() {
        stopResponse()
        clientEventID = nil
        sendError(RealtimeError(code: "session_expired", message: "Your session hit the maximum duration of "
                                + "\(Int(options.sessionLifetime / 60)) minutes.", param: nil))
        connection?.close(code: .normalClosure, reason: "session expired")
    }

    // MARK: WebSocketConnectionDelegate

    func webSocket(_ connection: WebSocketConnection, received message: WebSocketMessage) {
        received(message)
    }

    func webSocketClosed(_ connection: WebSocketConnection, code: WebSocketCloseCode, reason: String) {
        logger.info("simulated session closed", metadata: ["code": "\(code.rawValue)"])
        stopResponse()
        expiryTimer.cancel()
    }
}

@available(*, unavailable, message: "a SimulatedSession belongs to the simulator's loop thread")
extension SimulatedSession: Sendable {}
