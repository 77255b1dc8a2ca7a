// One browser (or SDK) session: its client WebSocket and its upstream WebSocket, on one loop.
import FrameLog
import JSON
import Logging
import Posix
import Reactor
import Upstream
import WebSocket
import WebSocketIO

/// Bridges a client connection and its upstream, frame by frame, on the client's loop.
///
/// - While the upstream opens, client frames wait here (up to `maxPendingClientBytes`, then the
///   client's reads pause); the relay's own `session.update` goes first once it is open.
/// - Frames are forwarded as they are, peeking at `type` only; `session.update` from the client and
///   `session.created`/`session.updated` to it are the only ones parsed (instructions policy and hiding).
/// - Backpressure both ways: a side whose output queue is full pauses reads on the other side until
///   it drains, so a peer that stops reading cannot grow this process's memory.
/// - Either side's close closes the other with the same code where the wire allows it.
final class RelaySession: WebSocketConnectionDelegate, WebSocketControlObserver {
    let id: String
    let deployment: String
    private let client: WebSocketConnection
    private var upstream: WebSocketConnection?
    private var connector: UpstreamConnector?
    private let configuration: RelayConfiguration
    private let rewriter: SessionRewriter
    private var logger: Logger
    private var pending: [(opcode: WebSocketOpcode, payload: [UInt8])] = []
    private var pendingBytes = 0
    private var closed = false
    private let started: UInt64
    private(set) var counters = RelaySessionCounters()
    private let metrics: RelayLoopMetrics
    /// How the session went, for `relay_sessions_total{outcome}`: set where it is decided.
    private var outcome = "completed"

    /// Runs once when the session ends (releases its admission).
    private var onEnd: (() -> Void)?
    private var lifetimeTimer: LoopTimer?
    private var idleTimer: LoopTimer?
    private var lastClientFrame: UInt64

    /// When the session ends (monotonic): `maxSessionSeconds` after the start, or just before the
    /// upstream's `expires_at` when `session.created` names an earlier time.
    private var deadline: UInt64
    /// Token totals from `response.done`, and the upstream's own session id and expiry (for the end record).
    private var usage = SessionUsage()
    private var upstreamSessionID: String?
    private var expiresAt: Int?
    /// Every frame both ways into the session's frame log (when `--log-dir` logging is on).
    private let recorder: FrameRecorder
    private var upstreamClose: (code: WebSocketCloseCode, reason: String)?

    init(client: WebSocketConnection, deployment: String, request: ClientRequest, configuration: RelayConfiguration,
         onEnd: (() -> Void)? = nil) {
        let peer = request.peer
        self.onEnd = onEnd
        lastClientFrame = client.context.now
        deadline = client.context.now &+ Nanoseconds.seconds(configuration.limits.maxSessionSeconds)
        let id = RelayIDs.sessionID()
        self.id = id
        self.client = client
        self.deployment = deployment
        self.configuration = configuration
        rewriter = SessionRewriter(instructions: configuration.instructions, policy: configuration.instructionsPolicy,
                                   isGA: configuration.upstream.endpoint.isGA, sessionPolicy: configuration.sessionPolicy)
        logger = configuration.logger
        logger[metadataKey: "session"] = "\(id)"
        started = client.context.now
        metrics = RelayLoopMetrics.of(client.context)
        metrics.sessionsActive += 1
        recorder = FrameRecorder(log: configuration.frameLog.map { writer in
            FrameLogStaging.on(client.context, writer: writer)
                .open(session: id, start: request.logFields(deployment: deployment, upstream: configuration.upstream))
        })
        client.delegate = self
        if recorder.isOn { client.controlObserver = self }
        startTimers()
        var metadata: Logger.Metadata = ["client": "\(peer.address)", "deployment": "\(deployment)"]
        if peer.viaProxy { metadata["via_proxy"] = "true" }
        if let scheme = peer.scheme { metadata["scheme"] = "\(scheme)" }
        logger.info("session started", metadata: metadata)
        connector = UpstreamConnector.open(configuration.upstream, deployment: deployment, sessionID: id,
                                           context: client.context, logger: logger) { [self] result in
            connector = nil
            switch result {
            case .success(let session): upstreamOpened(session)
            case .failure(let error): upstreamFailed(error)
            }
        }
    }

    // MARK: Limits in time

    /// The session's end (with a warning before) and the idle check.
    private func startTimers() {
        let context = client.context
        lifetimeTimer = LoopTimer(context: context) { [weak self] in self?.lifetimeTick() }
        scheduleLifetime()
        let idle = LoopTimer(context: context) { [weak self] in self?.idleTick() }
        idle.schedule(after: Nanoseconds.seconds(configuration.limits.idleSeconds))
        idleTimer = idle
    }

    private var warned = false

    /// The warning `expiryWarningSeconds` before the deadline, then the close at it.
    private func scheduleLifetime() {
        let warning = Nanoseconds.seconds(configuration.limits.expiryWarningSeconds)
        lifetimeTimer?.schedule(at: warned || deadline < warning ? deadline : max(client.context.now, deadline &- warning))
    }

    private func lifetimeTick() {
        guard !closed else { return }
        let now = client.context.now
        if !warned && now < deadline {
            warned = true
            let seconds = Int((Double(deadline &- now) / 1e9).rounded(.up))
            let cause = expiresAt != nil && deadline < started &+ Nanoseconds.seconds(configuration.limits.maxSessionSeconds)
                ? "Azure's session limit" : "time limit"
            let event: JSONValue = ["type": "relay.session.expiring", "event_id": .string(RelayIDs.eventID()),
                                    "seconds_left": JSONValue(seconds),
                                    "message": .string("This session ends in \(seconds) s (\(cause)); start a new one to go on.")]
            sendMade(event.serialized())
            return scheduleLifetime()
        }
        guard now >= deadline else { return scheduleLifetime() }
        outcome = "time_limit"
        client.close(code: .normalClosure, reason: "session time limit reached")
    }

    /// `session.created` names the upstream's session and when Azure will end it: the relay ends
    /// the session cleanly a second before that, after warning the client.
    private func noteSessionCreated(_ payload: UnsafeRawBufferPointer) {
        guard let session = (try? JSONValue.parse(payload))?["session"] else { return }
        upstreamSessionID = session["id"]?.stringValue
        guard let expiry = session["expires_at"]?.intValue, expiry > 0 else { return }
        expiresAt = expiry
        let secondsLeft = Double(expiry) - SystemClock.unixSeconds() - 1
        let upstreamDeadline = client.context.now &+ Nanoseconds.seconds(secondsLeft)
        guard upstreamDeadline < deadline else { return }
        deadline = upstreamDeadline
        scheduleLifetime()
    }

    private func idleTick() {
        guard !closed else { return }
        let idle = Nanoseconds.seconds(configuration.limits.idleSeconds)
        let quietFor = client.context.now &- lastClientFrame
        guard quietFor >= idle else { return idleTimer!.schedule(at: lastClientFrame &+ idle) }
        outcome = "idle"
        client.close(code: .normalClosure, reason: "idle for \(Int(configuration.limits.idleSeconds)) s")
    }

    // MARK: Upstream opening

    private func upstreamOpened(_ session: UpstreamSession) {
        guard !closed else { return session.connection.close(code: .goingAway, reason: "client left") }
        let upstream = session.connection
        self.upstream = upstream
        upstream.delegate = self
        if recorder.isOn { upstream.controlObserver = self }
        logger.info("upstream open", metadata: [
            "url": "\(session.url)", "connect_ms": "\(Int(session.timings.handshake * 1000))",
            "tls_resumed": "\(session.tlsResumed)",
        ])
        metrics.upstreamConnect.observe(session.timings.handshake)
        if session.tlsResumed { metrics.upstreamTLSResumed += 1 }
        if let injected = rewriter.injectedUpdate() {
            send(injected, to: upstream)
            recorder.record(.relayToUpstream, text: injected)
            metrics.injected += 1
        }
        for frame in pending {
            frame.payload.withUnsafeBytes {
                forwardToUpstream(frame.opcode, $0, isSessionUpdate: frame.opcode == .text && PeekedType($0).is("session.update"))
            }
        }
        pending = []
        pendingBytes = 0
        if !upstream.isOutputFull { client.resumeReading() }
    }

    private func upstreamFailed(_ error: UpstreamError) {
        guard !closed else { return }
        let failure = UpstreamFailure(error)
        outcome = "upstream_failed"
        if case .credential = error { metrics.credentialErrors += 1 }
        logger.warning("upstream failed", metadata: ["error": "\(error)", "close": "\(failure.closeCode.rawValue)"])
        sendMade(RealtimeErrorEvent.make(type: "server_error", code: failure.code, message: failure.message))
        client.close(code: failure.closeCode, reason: failure.closeReason)
    }

    // MARK: Frames

    func webSocket(_ connection: WebSocketConnection, received message: WebSocketMessage) {
        if connection === client {
            fromClient(message)
        } else {
            fromUpstream(message)
        }
    }

    private func fromClient(_ message: WebSocketMessage) {
        lastClientFrame = client.context.now
        counters.clientFrames += 1
        var isSessionUpdate = false
        if message.opcode == .text {
            // The one look inside a client event: its type, found once.
            let type = PeekedType(message.payload)
            if JSONTypePeek.hasDuplicateType(in: message.payload) {
                // A last-wins parser upstream would see another type than the one checked here.
                metrics.refused += 1
                recorder.record(.clientToRelay, message.opcode, message.payload)
                sendMade(RealtimeErrorEvent.make(type: "invalid_request_error", code: "duplicate_type",
                                                 message: "The event has more than one \"type\" member; the relay refuses it."))
                return
            }
            guard type.isAllowed(by: configuration.sessionPolicy) else {
                metrics.refused += 1
                recorder.record(.clientToRelay, message.opcode, message.payload)
                refuse(message.payload)
                return
            }
            isSessionUpdate = type.is("session.update")
        }
        guard let upstream else {
            pending.append((message.opcode, Array(message.payload)))
            pendingBytes += message.payload.count
            if pendingBytes >= configuration.maxPendingClientBytes { client.pauseReading() }
            return
        }
        forwardToUpstream(message.opcode, message.payload, isSessionUpdate: isSessionUpdate)
        if upstream.isOutputFull { client.pauseReading() }
    }

    /// A client event outside the allowlist: an `error` event back, nothing forwarded.
    private func refuse(_ payload: UnsafeRawBufferPointer) {
        let type = JSONTypePeek.type(in: payload)
        let clientEventID = (try? JSONValue.parse(payload))?["event_id"]?.stringValue
        let refusal = configuration.sessionPolicy.refusal(ofClientEvent: type)
        let event: JSONValue = .object(["type": "error", "event_id": .string(RelayIDs.eventID()),
                                        "error": .object(refusal.errorObject(clientEventID: clientEventID))])
        sendMade(event.serialized())
    }

    private func forwardToUpstream(_ opcode: WebSocketOpcode, _ payload: UnsafeRawBufferPointer, isSessionUpdate: Bool) {
        guard let upstream else { return }
        metrics.count(.clientToUpstream, bytes: payload.count)
        if isSessionUpdate, let rewritten = rewriter.rewriteClientUpdate(payload) {
            counters.rewritten += 1
            metrics.rewritten += 1
            send(rewritten, to: upstream)
            recorder.rewritten(.clientToUpstream, rewritten, original: payload)
            return
        }
        upstream.send(opcode, payload: payload)
        recorder.record(.clientToUpstream, opcode, payload)
    }

    private func fromUpstream(_ message: WebSocketMessage) {
        counters.upstreamFrames += 1
        metrics.count(.upstreamToClient, bytes: message.payload.count)
        let type = message.opcode == .text ? PeekedType(message.payload) : nil
        if let type {
            if type.is("response.done") {
                usage.add(from: message.payload, to: metrics)
            } else if type.is("session.created") {
                noteSessionCreated(message.payload)
            }
        }
        if let type, type.is("session.created") || type.is("session.updated"),
           let hidden = rewriter.hideInstructions(message.payload) {
            counters.rewritten += 1
            metrics.rewritten += 1
            send(hidden, to: client)
            recorder.rewritten(.upstreamToClient, hidden, original: message.payload)
        } else {
            client.send(message.opcode, payload: message.payload)
            recorder.record(.upstreamToClient, message.opcode, message.payload)
        }
        if client.isOutputFull { upstream?.pauseReading() }
    }

    private func send(_ bytes: [UInt8], to connection: WebSocketConnection) {
        bytes.withUnsafeBytes { connection.send(.text, payload: $0) }
    }

    /// An event the relay makes for the client (errors, warnings): sent and logged as the relay's.
    private func sendMade(_ bytes: [UInt8]) {
        send(bytes, to: client)
        recorder.record(.relayToClient, text: bytes)
    }

    // MARK: Control frames (frame log only)

    func webSocket(_ connection: WebSocketConnection, control frame: WebSocketControlFrame, sent: Bool) {
        let clientSide = connection === client
        let direction: FrameDirection = sent ? (clientSide ? .relayToClient : .relayToUpstream)
                                             : (clientSide ? .clientToRelay : .upstreamToRelay)
        recorder.control(direction, frame)
    }

    // MARK: Backpressure

    func webSocketBecameWritable(_ connection: WebSocketConnection) {
        if connection === client {
            upstream?.resumeReading()
        } else if upstream != nil {
            client.resumeReading()
        }
    }

    // MARK: Closing

    func webSocketClosed(_ connection: WebSocketConnection, code: WebSocketCloseCode, reason: String) {
        if connection === client {
            guard !closed else { return }
            closed = true
            connector?.cancel()
            connector = nil
            upstream?.close(code: Self.forwardable(code, lost: .goingAway), reason: reason)
            for frame in pending {  // never reached the upstream: consumed here
                frame.payload.withUnsafeBytes { recorder.record(.clientToRelay, frame.opcode, $0) }
            }
            pending = []
            metrics.sessionsActive -= 1
            metrics.sessionsByOutcome[outcome, default: 0] += 1
            lifetimeTimer?.cancel()
            idleTimer?.cancel()
            onEnd?()
            onEnd = nil
            logEnd(code: code, reason: reason)
        } else {
            upstream = nil
            upstreamClose = (code, reason)
            guard !closed else { return }
            if outcome == "completed" { outcome = "upstream_closed" }
            client.close(code: Self.forwardable(code, lost: .internalError),
                         reason: code == .abnormalClosure ? "upstream connection lost" : reason)
        }
    }

    /// `code` as a close frame may carry it: 1005 (no code) becomes 1000, a lost connection `lost`.
    static func forwardable(_ code: WebSocketCloseCode, lost: WebSocketCloseCode) -> WebSocketCloseCode {
        if code.isValidOnTheWire { return code }
        return code == .noStatusReceived ? .normalClosure : lost
    }

    /// Who ended the session: the upstream's close, the relay's own (limits, failures), else the client.
    private var closedBy: String {
        if upstreamClose != nil { return "upstream" }
        return ["time_limit", "idle", "upstream_failed", "draining"].contains(outcome) ? "relay" : "client"
    }

    private func logEnd(code: WebSocketCloseCode, reason: String) {
        let side = closedBy
        let seconds = Double(client.context.now &- started) / 1e9
        recordEnd(seconds: seconds, code: code, reason: reason)
        logger.info("session ended", metadata: [
            "closed_by": "\(side)", "code": "\(code.rawValue)", "reason": "\(reason)",
            "duration_s": "\(Int(seconds * 10) / 10)", "client_frames": "\(counters.clientFrames)",
            "upstream_frames": "\(counters.upstreamFrames)", "rewritten": "\(counters.rewritten)",
            "responses": "\(usage.responses)", "input_tokens": "\(usage.inputTokens)",
            "output_tokens": "\(usage.outputTokens)", "total_tokens": "\(usage.totalTokens)",
            "upstream_session": "\(upstreamSessionID ?? "-")",
        ])
    }
}

extension RelaySession {
    /// The frame log's `session_end` record: how it ended, what it cost, which upstream session it was.
    private func recordEnd(seconds: Double, code: WebSocketCloseCode, reason: String) {
        guard recorder.isOn else { return }
        var fields: JSONObject = [
            "duration_ms": JSONValue(Int(seconds * 1000)),
            "closed_by": .string(closedBy),
            "outcome": .string(outcome),
            "client_close": ["code": JSONValue(Int(code.rawValue)), "reason": .string(reason)],
        ]
        if let upstreamClose {
            fields["upstream_close"] = ["code": JSONValue(Int(upstreamClose.code.rawValue)), "reason": .string(upstreamClose.reason)]
        }
        fields["frames"] = ["from_client": JSONValue(counters.clientFrames), "from_upstream": JSONValue(counters.upstreamFrames),
                            "rewritten": JSONValue(counters.rewritten)]
        fields["usage"] = ["responses": JSONValue(usage.responses), "input_tokens": JSONValue(usage.inputTokens),
                           "output_tokens": JSONValue(usage.outputTokens), "total_tokens": JSONValue(usage.totalTokens)]
        fields["upstream_session_id"] = upstreamSessionID.map { .string($0) } ?? .null
        fields["expires_at"] = expiresAt.map { JSONValue($0) } ?? .null
        recorder.end(fields)
    }
}

@available(*, unavailable, message: "a RelaySession belongs to one loop thread")
extension RelaySession: Sendable {}

/// What a session did, for its end-of-session log line (the loop's `RelayLoopMetrics` has the rest).
struct RelaySessionCounters {
    var clientFrames = 0
    var upstreamFrames = 0
    var rewritten = 0
}

/// A text frame's top-level `type`, peeked once per frame: the bytes of an unescaped type (compared
/// without allocating), or the decoded string in the rare escaped case.
struct PeekedType {
    private let payload: UnsafeRawBufferPointer
    private let range: Range<Int>?
    private let decoded: String?

    init(_ payload: UnsafeRawBufferPointer) {
        self.payload = payload
        range = JSONTypePeek.typeRange(in: payload)
        decoded = range == nil ? JSONTypePeek.type(in: payload) : nil
    }

    func `is`(_ literal: StaticString) -> Bool {
        guard let range else { return decoded == literal.description }
        guard range.count == literal.utf8CodeUnitCount else { return false }
        let bytes = literal.utf8Start
        for offset in 0..<range.count where payload[range.lowerBound + offset] != bytes[offset] { return false }
        return true
    }

    /// Whether a client may send this event (an event without a string `type` may not).
    func isAllowed(by policy: SessionPolicy) -> Bool {
        if let range { return policy.allows(clientEvent: payload, typeRange: range) }
        return decoded.map { policy.allows(clientEvent: $0) } ?? false
    }
}

/// Token usage from `response.done` (the only upstream event parsed for metrics: one per response),
/// summed per session for its end-of-session log line and added to the loop's counters.
struct SessionUsage {
    var responses = 0
    var inputTokens = 0
    var outputTokens = 0
    var totalTokens = 0

    mutating func add(from payload: UnsafeRawBufferPointer, to metrics: RelayLoopMetrics) {
        responses += 1
        guard let usage = (try? JSONValue.parse(payload))?["response"]?["usage"] else { return }
        let input = usage["input_tokens"]?.intValue ?? 0
        let output = usage["output_tokens"]?.intValue ?? 0
        let total = usage["total_tokens"]?.intValue ?? input + output
        inputTokens += input
        outputTokens += output
        totalTokens += total
        metrics.tokens["input", default: 0] += input
        metrics.tokens["output", default: 0] += output
        metrics.tokens["total", default: 0] += total
    }
}
