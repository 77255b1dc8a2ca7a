// Runs Autobahn's client protocol one connection at a time: case count, each case echoed, report update.
import Logging
import Posix
import Reactor
import WebSocket
import WebSocketIO

/// Sequences the connections of an Autobahn client run on one loop. Loop-confined.
final class AutobahnClientDriver {
    struct Settings: Sendable {
        let base: String
        let agent: String
        let address: SocketAddress
        let configuration: WebSocketConnectionConfiguration
        let deflate: PerMessageDeflateConfiguration
    }

    private enum Phase { case counting, running(Int), reporting, done }

    private let settings: Settings
    private let context: LoopContext
    /// Called once at the end with nil on success, or what went wrong.
    private let finished: (String?) -> Void
    private var phase = Phase.counting
    private var caseCount = 0
    private let logger = Logger(label: "ws-echo-client")

    init(settings: Settings, context: LoopContext, finished: @escaping (String?) -> Void) {
        self.settings = settings
        self.context = context
        self.finished = finished
    }

    func start() { open("/getCaseCount") }

    private func open(_ pathAndQuery: String) {
        let handshake: WebSocketClientHandshake
        do {
            handshake = try WebSocketClientHandshake(url: settings.base + pathAndQuery, deflate: settings.deflate)
        } catch {
            return end("bad URL \(settings.base + pathAndQuery): \(error)")
        }
        WebSocketConnector.connect(to: settings.address, handshake: handshake, configuration: settings.configuration,
                                   timeout: 10, context: context) { [self] result in
            switch result {
            case .success(let connection):
                connection.delegate = AutobahnCaseSession(driver: self)
            case .failure(let error):
                // A case whose handshake fails is the server's verdict to record; counting or reporting
                // failing means the run itself failed.
                if case .running = phase { connectionEnded() } else { end("\(error)") }
            }
        }
    }

    /// The getCaseCount connection's one message: the number of cases.
    func received(text: String) {
        if case .counting = phase { caseCount = Int(text) ?? 0 }
    }

    /// The current connection closed: move to the next step.
    func connectionEnded() {
        switch phase {
        case .counting:
            guard caseCount > 0 else { return end("the fuzzing server reported no cases") }
            logger.info("running cases", metadata: ["count": "\(caseCount)"])
            phase = .running(1)
            open("/runCase?case=1&agent=\(settings.agent)")
        case .running(let number):
            if number % 50 == 0 || number == caseCount {
                logger.info("progress", metadata: ["done": "\(number)", "of": "\(caseCount)"])
            }
            if number < caseCount {
                phase = .running(number + 1)
                open("/runCase?case=\(number + 1)&agent=\(settings.agent)")
            } else {
                phase = .reporting
                open("/updateReports?agent=\(settings.agent)")
            }
        case .reporting:
            end(nil)
        case .done:
            break
        }
    }

    private func end(_ failure: String?) {
        phase = .done
        finished(failure)
    }

    /// Whether messages are echoed (only during cases).
    var echoes: Bool {
        if case .running = phase { return true }
        return false
    }
}

@available(*, unavailable, message: "AutobahnClientDriver belongs to one loop thread")
extension AutobahnClientDriver: Sendable {}

/// One connection of the run: echo (during cases) and report the close to the driver.
final class AutobahnCaseSession: WebSocketConnectionDelegate {
    private let driver: AutobahnClientDriver

    init(driver: AutobahnClientDriver) { self.driver = driver }

    func webSocket(_ connection: WebSocketConnection, received message: WebSocketMessage) {
        if driver.echoes {
            connection.send(message.opcode, payload: message.payload)
            if connection.isOutputFull { connection.pauseReading() }
        } else if message.opcode == .text {
            driver.received(text: String(decoding: message.payload, as: UTF8.self))
        }
    }

    func webSocketBecameWritable(_ connection: WebSocketConnection) { connection.resumeReading() }

    func webSocketClosed(_ connection: WebSocketConnection, code: WebSocketCloseCode, reason: String) {
        driver.connectionEnded()
    }
}
