// Opening one upstream realtime session on a loop: credential, dial (DNS, TCP, TLS), WebSocket upgrade.
import Credentials
import Logging
import Outbound
import Posix
import Reactor
import TLS
import WebSocket
import WebSocketIO

/// Opens the upstream WebSocket for one relay session on the caller's loop, so the browser's
/// connection and its upstream live on the same thread. The credential comes from the shared
/// cache without waiting when it can (it almost always can: the token is refreshed ahead of
/// time); otherwise the fetch runs off the loop and the answer comes back by ticket. One deadline
/// covers everything. A refusal is logged with Azure's status, body and request ids.
public final class UpstreamConnector {
    public typealias Completion = (Result<UpstreamSession, UpstreamError>) -> Void

    private let configuration: UpstreamConfiguration
    private let deployment: String
    private let sessionID: String
    private let context: LoopContext
    private let logger: Logger
    private var completion: Completion?
    private var timer: LoopTimer?
    private var phase = "credential"
    private var stream: (any ByteStream)?
    private let started: UInt64
    private var timings = UpstreamTimings()

    /// Starts opening; `completion` runs exactly once on `context`'s loop.
    @discardableResult
    public static func open(_ configuration: UpstreamConfiguration, deployment: String? = nil, sessionID: String,
                            context: LoopContext, logger: Logger, completion: @escaping Completion) -> UpstreamConnector {
        let connector = UpstreamConnector(configuration: configuration, deployment: deployment ?? configuration.deployment,
                                          sessionID: sessionID, context: context, logger: logger, completion: completion)
        connector.start()
        return connector
    }

    private init(configuration: UpstreamConfiguration, deployment: String, sessionID: String, context: LoopContext,
                 logger: Logger, completion: @escaping Completion) {
        self.configuration = configuration
        self.deployment = deployment
        self.sessionID = sessionID
        self.context = context
        self.logger = logger
        self.completion = completion
        started = context.now
    }

    /// Abandons the attempt (the client went away): closes what is open; the completion does not run.
    public func cancel() {
        completion = nil
        finish(nil)
    }

    private func start() {
        let timeout = configuration.connectTimeout
        let timer = LoopTimer(context: context) { [weak self] in
            guard let self else { return }
            finish(.failure(.timedOut(phase: phase, seconds: timeout)))
        }
        timer.schedule(after: Nanoseconds.seconds(timeout))
        self.timer = timer
        if let field = configuration.credential.cachedHeaderField() {
            return credentialReady(.success(field))
        }
        // Strong: until the credential answers, the ticket is what keeps this connector alive (the
        // deadline timer still fires; a late answer then finds nothing to complete).
        let ticket = context.makeTicket { (result: Result<(String, String), CredentialError>) in
            self.credentialReady(result)
        }
        let credential = configuration.credential
        Task {
            do throws(CredentialError) {
                let field = try await credential.headerField()
                ticket.complete(.success((field.name, field.value)))
            } catch {
                ticket.complete(.failure(error))
            }
        }
    }

    private func credentialReady(_ result: Result<(String, String), CredentialError>) {
        guard completion != nil else { return }
        timings.credential = elapsed()
        let field: (String, String)
        switch result {
        case .success(let value): field = value
        case .failure(let error): return finish(.failure(.credential(error)))
        }
        let handshake: WebSocketClientHandshake
        do {
            handshake = try configuration.handshake(deployment: deployment, credentialField: field, sessionID: sessionID)
        } catch {
            return finish(.failure(.handshake(.handshake(error))))
        }
        phase = "connecting to \(handshake.url.hostHeader)"
        let url = handshake.url
        let target = DialTarget(host: url.host, port: url.port, tls: url.isSecure ? configuration.tls : nil)
        Dialer.dial(target, context: context, timeout: remainingSeconds()) { [self] result in
            switch result {
            case .success(let stream):
                guard completion != nil else { return stream.close(error: nil) }
                timings.connect = elapsed()
                upgrade(stream, peer: target.description, handshake: handshake)
            case .failure(.timedOut):
                finish(.failure(.timedOut(phase: phase, seconds: configuration.connectTimeout)))
            case .failure(let error):
                finish(.failure(.dial(error)))
            }
        }
    }

    private func upgrade(_ stream: any ByteStream, peer: String, handshake: WebSocketClientHandshake) {
        self.stream = stream
        let tlsResumed = (stream as? TLSStream)?.sessionReused ?? false
        phase = "WebSocket handshake with \(peer)"
        var connection = WebSocketConnectionConfiguration()
        connection.codec = WebSocketConfiguration(maxMessageBytes: 64 << 20, maxFrameBytes: 64 << 20)
        WebSocketConnector.upgrade(stream, peer: peer, handshake: handshake, configuration: connection,
                                   timeout: remainingSeconds()) { [self] result in
            self.stream = nil
            switch result {
            case .success(let socket):
                timings.handshake = elapsed()
                finish(.success(UpstreamSession(connection: socket, url: handshake.url.description, timings: timings,
                                                tlsResumed: tlsResumed)))
            case .failure(.handshake(.unexpectedStatus(let status, let headers, let body))):
                let rejection = UpstreamRejection(status: status.code, reasonPhrase: status.reasonPhrase,
                                                  headers: headers, bodyPrefix: body)
                logger.warning("upstream refused the WebSocket upgrade", metadata: [
                    "session": "\(sessionID)", "status": "\(status.code)", "url": "\(handshake.url)",
                    "apim-request-id": "\(rejection.requestID ?? "-")", "x-ms-region": "\(rejection.region ?? "-")",
                    "body": "\(String(body.prefix(1024)))",
                ])
                finish(.failure(.rejected(rejection)))
            case .failure(.timedOut):
                // The handshake had what was left of the open's deadline: report the whole deadline.
                finish(.failure(.timedOut(phase: phase, seconds: configuration.connectTimeout)))
            case .failure(let error):
                finish(.failure(.handshake(error)))
            }
        }
    }

    private func finish(_ result: Result<UpstreamSession, UpstreamError>?) {
        timer?.cancel()
        timer = nil
        // Taken first: closing the stream below calls back into the handshake's completion.
        let completion = self.completion
        self.completion = nil
        let stream = self.stream
        self.stream = nil
        if case .success = result {} else { stream?.close(error: nil) }
        if let result { completion?(result) }
    }

    private func elapsed() -> Double { Double(MonotonicClock.now() &- started) / 1e9 }

    private func remainingSeconds() -> Double {
        max(0.001, configuration.connectTimeout - elapsed())
    }
}

@available(*, unavailable, message: "an UpstreamConnector belongs to one loop thread")
extension UpstreamConnector: Sendable {}

/// An open upstream realtime WebSocket: set the connection's delegate at once.
public struct UpstreamSession {
    public let connection: WebSocketConnection
    /// The URL without its query, for logs.
    public let url: String
    public let timings: UpstreamTimings
    /// The TLS handshake resumed a session of an earlier upstream connection on this loop.
    public let tlsResumed: Bool
}

/// Seconds from the start of the open to the end of each phase.
public struct UpstreamTimings: Sendable {
    public var credential = 0.0
    public var connect = 0.0
    public var handshake = 0.0
}
