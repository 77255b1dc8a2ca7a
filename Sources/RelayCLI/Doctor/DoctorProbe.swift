// The network half of `doctor`, on one loop: connect (TCP, TLS), upgrade, wait for the first event.
#if canImport(Glibc)
import Glibc
#endif
import JSON
import Outbound
import Posix
import Reactor
import TLS
import Upstream
import WebSocket
import WebSocketIO

/// What one doctor step found, in printable words.
struct DoctorFinding: Sendable {
    var ok: Bool
    var summary: String
    var details: [String] = []
    var seconds: Double = 0
}

/// Loop-confined state across the doctor's network steps: the stream after connecting, the
/// WebSocket after the upgrade, the first message after that. Kept as a loop attachment between jobs.
final class DoctorProbe: WebSocketConnectionDelegate {
    private var stream: (any ByteStream)?
    private var connection: WebSocketConnection?
    private var firstMessage: ((DoctorFinding) -> Void)?
    /// What the first event said when it came before anyone asked (Azure greets at once, often in
    /// the same read as the 101).
    private var earlyFirst: DoctorFinding?
    private var started: UInt64 = 0

    static func of(_ context: LoopContext) -> DoctorProbe {
        if let probe = context.attachment(DoctorProbe.self) { return probe }
        let probe = DoctorProbe()
        context.setAttachment(probe, for: DoctorProbe.self)
        return probe
    }

    /// DNS, TCP and TLS to `target`.
    func connect(_ target: DialTarget, context: LoopContext, timeout: Double, done: @escaping (DoctorFinding) -> Void) {
        let start = context.now
        Dialer.dial(target, context: context, timeout: timeout) { [self] result in
            let seconds = Double(MonotonicClock.now() &- start) / 1e9
            switch result {
            case .success(let stream):
                self.stream = stream
                stream.delegate = PassiveDelegate.shared
                var details: [String] = []
                if let tls = stream as? TLSStream {
                    details.append("\(tls.protocolVersion), ALPN \(tls.negotiatedALPN ?? "none"), certificate verified for \(target.host)")
                }
                let tcp = (stream as? TCPConnection) ?? ((stream as? TLSStream)?.lower as? TCPConnection)
                let peer = tcp.map { "\(target.host) (\($0.peer))" } ?? target.description
                done(DoctorFinding(ok: true, summary: (target.tls == nil ? "TCP to " : "TCP and TLS to ") + peer,
                                   details: details, seconds: seconds))
            case .failure(let error):
                done(DoctorFinding(ok: false, summary: "\(error)", seconds: seconds))
            }
        }
    }

    /// The WebSocket upgrade over the connected stream.
    func upgrade(_ handshake: WebSocketClientHandshake, timeout: Double, context: LoopContext,
                 done: @escaping (DoctorFinding) -> Void) {
        guard let stream else { return done(DoctorFinding(ok: false, summary: "not connected")) }
        let start = context.now
        WebSocketConnector.upgrade(stream, peer: handshake.url.hostHeader, handshake: handshake,
                                   configuration: WebSocketConnectionConfiguration(), timeout: timeout) { [self] result in
            let seconds = Double(MonotonicClock.now() &- start) / 1e9
            self.stream = nil
            switch result {
            case .success(let connection):
                self.connection = connection
                connection.delegate = self
                self.started = context.now
                done(DoctorFinding(ok: true, summary: "101 Switching Protocols", seconds: seconds))
            case .failure(.handshake(.unexpectedStatus(let status, let headers, let body))):
                let rejection = UpstreamRejection(status: status.code, reasonPhrase: status.reasonPhrase,
                                                  headers: headers, bodyPrefix: body)
                var details: [String] = []
                if let message = rejection.errorMessage {
                    details.append("Azure says: " + (rejection.errorCode.map { "(\($0)) " } ?? "") + message)
                }
                details.append("what to do: " + rejection.advice)
                if let id = rejection.requestID { details.append("apim-request-id \(id)" + (rejection.region.map { ", region \($0)" } ?? "")) }
                done(DoctorFinding(ok: false, summary: "refused with \(status.code) \(status.reasonPhrase)", details: details,
                                   seconds: seconds))
            case .failure(let error):
                done(DoctorFinding(ok: false, summary: "\(error)", seconds: seconds))
            }
        }
    }

    /// Waits for the upstream's first event (Azure sends `session.created` at once).
    func awaitFirstEvent(timeout: Double, context: LoopContext, done: @escaping (DoctorFinding) -> Void) {
        if let earlyFirst { return done(earlyFirst) }
        guard connection != nil else { return done(DoctorFinding(ok: false, summary: "not connected")) }
        firstMessage = done
        let timer = LoopTimer(context: context) { [weak self] in
            self?.reportFirst(DoctorFinding(ok: false, summary: "no event within \(timeout) s after the handshake"))
        }
        timer.schedule(after: Nanoseconds.seconds(timeout))
    }

    func close() {
        connection?.close(code: .normalClosure, reason: "doctor done")
        stream?.close(error: nil)
        stream = nil
    }

    private func reportFirst(_ finding: DoctorFinding) {
        var finding = finding
        finding.seconds = Double(MonotonicClock.now() &- started) / 1e9
        guard let report = firstMessage else {
            if earlyFirst == nil { earlyFirst = finding }
            return
        }
        firstMessage = nil
        report(finding)
    }

    // MARK: WebSocketConnectionDelegate

    func webSocket(_ connection: WebSocketConnection, received message: WebSocketMessage) {
        guard firstMessage != nil || earlyFirst == nil else { return }
        reportFirst(FirstEventSummary.describe(message.payload))
    }

    func webSocketClosed(_ connection: WebSocketConnection, code: WebSocketCloseCode, reason: String) {
        self.connection = nil
        reportFirst(DoctorFinding(ok: false, summary: "the upstream closed the WebSocket: \(code.rawValue) \(reason)"))
    }
}

@available(*, unavailable, message: "a DoctorProbe belongs to one loop thread")
extension DoctorProbe: Sendable {}

/// Holds a connected stream between doctor steps: nothing is expected before the upgrade request.
private final class PassiveDelegate: ByteStreamDelegate {
    nonisolated(unsafe) static let shared = PassiveDelegate()  // stateless: safe on any loop
    func stream(_ stream: any ByteStream, received bytes: UnsafeMutableRawBufferPointer) -> Int { 0 }
    func streamReachedEndOfInput(_ stream: any ByteStream) { stream.close(error: nil) }
    func streamBecameWritable(_ stream: any ByteStream) {}
    func streamClosed(_ stream: any ByteStream, error: (any Error)?) {}
}

/// Reads the first upstream event: `session.created` with its id, model and expiry, or an `error`.
enum FirstEventSummary {
    static func describe(_ payload: UnsafeRawBufferPointer) -> DoctorFinding {
        guard let event = try? JSONValue.parse(payload), let type = event["type"]?.stringValue else {
            return DoctorFinding(ok: false, summary: "the first message is not a realtime event (\(payload.count) bytes)")
        }
        if type == "error" {
            let error = event["error"]
            let text = [error?["code"]?.stringValue, error?["message"]?.stringValue].compactMap { $0 }.joined(separator: ": ")
            return DoctorFinding(ok: false, summary: "the upstream sent an error event: \(text)")
        }
        guard type == "session.created" else {
            return DoctorFinding(ok: true, summary: "first event \(type)")
        }
        let session = event["session"]
        var details: [String] = []
        if let id = session?["id"]?.stringValue { details.append("session \(id)") }
        if let model = session?["model"]?.stringValue { details.append("model \(model)") }
        if let kind = session?["type"]?.stringValue { details.append("session type \(kind) (GA protocol)") }
        if let expires = session?["expires_at"]?.intValue {
            let minutes = (expires - time(nil)) / 60
            details.append("expires in about \(minutes) min (Azure caps a session at 30 min)")
        }
        return DoctorFinding(ok: true, summary: "session.created", details: details.isEmpty ? [] : [details.joined(separator: ", ")])
    }
}
