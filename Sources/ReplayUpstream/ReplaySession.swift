// One client's replay of a recorded session: server frames sent in order, paced by time and by the client.
import FrameLog
import Logging
import Posix
import Reactor
import WebSocket
import WebSocketIO

/// Plays `conversation` to one client connection. Loop-confined.
///
/// A server frame goes when both hold: the live client has sent as many frames as the recorded one had
/// before it (with `waitsForClient`), and its recorded gap after whatever released it (the previous
/// server frame, or the client frame it waited for) has passed, divided by `speed`. Each client starts
/// the recording from its beginning; after the last step the connection stays open until the client
/// leaves (or the recording's own close ends it).
final class ReplaySession: WebSocketConnectionDelegate {
    private let connection: WebSocketConnection
    private let steps: [RecordedConversation.Step]
    private let pacing: ReplayPacing
    private let logger: Logger
    private var cursor = 0
    /// Recorded client frames the cursor has passed or waits for, and live ones received.
    private var clientFramesNeeded = 0
    private var clientFramesReceived = 0
    private var waitingForClientAt: Double?
    /// The live moment (monotonic ns) and the recorded time (s) of the last release point.
    private var releasedAt: UInt64
    private var releasedRecordedTime = 0.0
    private lazy var timer = LoopTimer(context: connection.context) { [weak self] in self?.advance() }

    init(connection: WebSocketConnection, conversation: RecordedConversation, pacing: ReplayPacing, logger: Logger) {
        self.connection = connection
        steps = conversation.steps
        self.pacing = pacing
        self.logger = logger
        releasedAt = connection.context.now
    }

    func start() { advance() }

    /// Sends every step that is due, then waits for the timer, the client or writability.
    private func advance() {
        while cursor < steps.count, connection.isOpen, !connection.isOutputFull {
            switch steps[cursor] {
            case .client(_, _, _, let time):
                if waitingForClientAt == nil { clientFramesNeeded += 1 }
                if pacing.waitsForClient && clientFramesReceived < clientFramesNeeded {
                    waitingForClientAt = time
                    return
                }
                waitingForClientAt = nil
                cursor += 1
            case .server(let opcode, let payload, let time):
                guard let due = self.due(time) else { return }
                payload.withUnsafeBytes { connection.send(opcode == .binary ? .binary : .text, payload: $0) }
                release(at: due, recorded: time)
            case .close(let code, let reason, let time):
                guard due(time) != nil else { return }
                cursor = steps.count
                logger.info("replay reached the recorded close", metadata: ["code": "\(code)"])
                connection.close(code: WebSocketCloseCode(rawValue: UInt16(clamping: code)), reason: reason)
            }
        }
    }

    /// When a step recorded at `time` is due: now or earlier (the step may go), or nil after arming the timer.
    private func due(_ time: Double) -> UInt64? {
        let due = releasedAt &+ Nanoseconds.seconds(pacing.delay(forGap: time - releasedRecordedTime))
        if connection.context.now >= due { return due }
        timer.schedule(at: due)
        return nil
    }

    /// Times from the recorded step's due moment, not from when the loop got to it, so delays do not add up.
    private func release(at moment: UInt64, recorded time: Double) {
        releasedAt = moment
        releasedRecordedTime = time
        cursor += 1
    }

    func webSocket(_ connection: WebSocketConnection, received message: WebSocketMessage) {
        clientFramesReceived += 1
        if let time = waitingForClientAt, clientFramesReceived >= clientFramesNeeded {
            waitingForClientAt = nil
            releasedAt = connection.context.now
            releasedRecordedTime = time
            cursor += 1
            advance()
        }
    }

    func webSocketBecameWritable(_ connection: WebSocketConnection) { advance() }

    func webSocketClosed(_ connection: WebSocketConnection, code: WebSocketCloseCode, reason: String) {
        timer.cancel()
        logger.info("replay client left", metadata: ["code": "\(code.rawValue)", "steps_played": "\(cursor)/\(steps.count)"])
    }
}

@available(*, unavailable, message: "a ReplaySession belongs to one loop thread")
extension ReplaySession: Sendable {}
