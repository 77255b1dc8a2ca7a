// The client side of `replay send`: a WebSocket client on its own loop sending recorded frames on time.
import JSON
import Logging
import Posix
import Reactor
import ReplayUpstream
import Synchronization
import WebSocket
import WebSocketIO

/// Sends the recorded client frames to the relay at `/realtime`, each at its recorded time (scaled by
/// the speed), and prints each event that comes back. Ends `wait` seconds after the last frame, or
/// sooner when the last response is done, or when either side closes. Loop-confined.
final class ReplaySender: WebSocketConnectionDelegate {
    struct Outcome: Sendable {
        var lines: [String] = []
        var failure: String?
    }

    private let frames: [(opcode: WebSocketOpcode, payload: [UInt8], time: Double)]
    private let speed: Double
    private let wait: Double
    private let context: LoopContext
    private let finish: (Outcome) -> Void
    private var connection: WebSocketConnection?
    private var next = 0
    private var started: UInt64 = 0
    private var outcome = Outcome()
    private var responsesPending = 0
    private var ended = false
    private lazy var timer = LoopTimer(context: context) { [weak self] in self?.tick() }
    private lazy var quietTimer = LoopTimer(context: context) { [weak self] in self?.close("waited \(Int(self?.wait ?? 0)) s after the last frame") }

    init(conversation: RecordedConversation, speed: Double, wait: Double, context: LoopContext,
         finish: @escaping (Outcome) -> Void) {
        frames = conversation.steps.compactMap { step in
            guard case .client(_, let opcode, let payload, let time) = step else { return nil }
            return (opcode == .binary ? .binary : .text, payload, time)
        }
        self.speed = speed
        self.wait = wait
        self.context = context
        self.finish = finish
    }

    /// Runs a sender to completion on a loop thread of its own.
    static func run(_ conversation: RecordedConversation, relayPort: Int, speed: Double, wait: Double) -> Outcome {
        let result = Mutex(Outcome(failure: "the sender did not run"))
        do {
            let group = try LoopGroup(count: 1, threadName: "replay-send")
            try group.start { context in
                let sender = ReplaySender(conversation: conversation, speed: speed, wait: wait, context: context) { outcome in
                    result.withLock { $0 = outcome }
                    context.loop.execute { $0.stop() }
                }
                context.setAttachment(sender, for: ReplaySender.self)
                sender.connect(port: relayPort)
            }
            group.join()
        } catch {
            return Outcome(failure: "cannot start the sender: \(error)")
        }
        return result.withLock { $0 }
    }

    private func connect(port: Int) {
        guard let address = SocketAddress.numeric(host: "127.0.0.1", port: port),
              let handshake = try? WebSocketClientHandshake(url: "ws://127.0.0.1:\(port)/realtime") else {
            return end(failure: "cannot address the relay on port \(port)")
        }
        var configuration = WebSocketConnectionConfiguration()
        configuration.codec.maxMessageBytes = 64 << 20
        configuration.codec.maxFrameBytes = 64 << 20
        WebSocketConnector.connect(to: address, handshake: handshake, configuration: configuration, timeout: 10,
                                   context: context) { [self] result in
            switch result {
            case .success(let connection):
                self.connection = connection
                connection.delegate = self
                started = context.now
                tick()
            case .failure(let error):
                end(failure: "cannot connect to the relay: \(error)")
            }
        }
    }

    /// Sends every frame that is due, then sleeps until the next one.
    private func tick() {
        guard let connection, connection.isOpen else { return }
        while next < frames.count {
            let frame = frames[next]
            let due = started &+ Nanoseconds.seconds(speed > 0 ? frame.time / speed : 0)
            if context.now < due { return timer.schedule(at: due) }
            if connection.isOutputFull { return }  // resumed by webSocketBecameWritable
            frame.payload.withUnsafeBytes { connection.send(frame.opcode, payload: $0) }
            if let type = Self.type(of: frame.payload), type == "response.create" { responsesPending += 1 }
            next += 1
        }
        quietTimer.schedule(after: Nanoseconds.seconds(wait))
        if responsesPending == 0 && sawResponseDone { close("all frames sent, the last response is done") }
    }

    private var sawResponseDone = false
    private var lastType: String?
    private var lastLinePrefix = ""
    private var repeatCount = 0
    private var repeatBytes = 0

    func webSocket(_ connection: WebSocketConnection, received message: WebSocketMessage) {
        let elapsed = Double(context.now &- started) / 1e9
        let type = message.opcode == .text ? Self.type(of: Array(message.payload)) ?? "(not JSON)" : "(binary)"
        if type == lastType, let last = outcome.lines.indices.last {
            // Streams (audio and transcript deltas) fold into one line: a count and the bytes in all.
            repeatCount += 1
            repeatBytes += message.payload.count
            outcome.lines[last] = "\(lastLinePrefix)  <- \(type) ×\(repeatCount) (\(repeatBytes) bytes)"
        } else {
            lastType = type
            repeatCount = 1
            repeatBytes = message.payload.count
            lastLinePrefix = Self.seconds(elapsed)
            outcome.lines.append("\(lastLinePrefix)  <- \(type) (\(message.payload.count) bytes)")
        }
        if type == "error" {
            lastType = nil
            outcome.lines.append("             " + String(decoding: message.payload.prefix(300), as: UTF8.self))
        }
        if type == "response.done" {
            sawResponseDone = true
            responsesPending = max(0, responsesPending - 1)
            if next == frames.count && responsesPending == 0 { close("all frames sent, the last response is done") }
        }
    }

    func webSocketBecameWritable(_ connection: WebSocketConnection) { tick() }

    func webSocketClosed(_ connection: WebSocketConnection, code: WebSocketCloseCode, reason: String) {
        outcome.lines.append("closed: \(code.rawValue) \(reason)")
        if next < frames.count {
            outcome.failure = "the session closed after \(next) of \(frames.count) frames: \(code.rawValue) \(reason)"
        }
        end(failure: outcome.failure)
    }

    private func close(_ why: String) {
        guard let connection, connection.isOpen else { return }
        outcome.lines.append("closing: \(why)")
        connection.close(code: .normalClosure, reason: "replay finished")
    }

    private func end(failure: String?) {
        guard !ended else { return }
        ended = true
        timer.cancel()
        quietTimer.cancel()
        outcome.failure = failure
        finish(outcome)
    }

    /// `12.345 s`, right-aligned: the time column of the printed events.
    private static func seconds(_ value: Double) -> String {
        let millis = Int((value * 1000).rounded())
        let fraction = String(millis % 1000)
        let text = "\(millis / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction) s"
        return String(repeating: " ", count: max(0, 11 - text.count)) + text
    }

    private static func type(of payload: [UInt8]) -> String? {
        payload.withUnsafeBytes { JSONTypePeek.type(in: $0) }
    }
}

@available(*, unavailable, message: "a ReplaySender belongs to one loop thread")
extension ReplaySender: Sendable {}
