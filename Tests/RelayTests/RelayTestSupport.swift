// A relay on loopback in front of a recording TLS test upstream, for tests over real sockets.
import JSON
import Logging
import NetworkTestSupport
@testable import Relay
import Server
import TLS
import TestSupport
import Upstream
import WebSocket
import WebSocketIO

/// What the test upstream greets with: a GA session that carries the operator's instructions.
let upstreamGreeting = #"{"type":"session.created","event_id":"ev_1","session":{"type":"realtime","id":"sess_1","model":"gpt-realtime","instructions":"Be a pirate.","voice":"alloy","expires_at":4102444800}}"#

/// The upstream side of a test session: records what it receives, echoes non-session events back.
final class RecordingUpstreamSession: WebSocketConnectionDelegate {
    let received: Recorder<String>
    let closes: Recorder<Int>
    init(received: Recorder<String>, closes: Recorder<Int>) {
        self.received = received
        self.closes = closes
    }

    func webSocket(_ connection: WebSocketConnection, received message: WebSocketMessage) {
        let text = String(decoding: message.payload, as: UTF8.self)
        received.append(text)
        if text.contains("\"close-me\"") { connection.close(code: .policyViolation, reason: "upstream policy") }
    }

    func webSocketClosed(_ connection: WebSocketConnection, code: WebSocketCloseCode, reason: String) {
        closes.append(Int(code.rawValue))
    }
}

/// A TLS upstream that accepts realtime upgrades (or answers `refuse` instead) and records frames.
final class RecordingUpstream: Sendable {
    let server: ScriptedServer
    let received = Recorder<String>()
    let closes = Recorder<Int>()

    init(tls: TLSConfiguration, reply: ScriptedReply? = nil) throws {
        let received = self.received, closes = self.closes
        server = try ScriptedServer(tls: tls) { _ in
            if let reply { return reply }
            return .webSocket { connection in
                connection.delegate = RecordingUpstreamSession(received: received, closes: closes)
                connection.send(text: upstreamGreeting)
            }
        }
    }
}

/// The relay's HTTP server on 127.0.0.1 with `RelayService` in front of `upstream`.
final class RelayUnderTest {
    let server: HTTPServer
    let port: Int
    let upstream: RecordingUpstream

    /// `upstreamReply` replaces the recording upstream's answer (a refusal, another WebSocket behaviour).
    init(instructions: String? = "Be a pirate.", policy: InstructionsPolicy = .override, upstreamReply: ScriptedReply? = nil,
         apiVersion: String? = nil, logs: LogRecords? = nil,
         configure: (inout RelayConfiguration) -> Void = { _ in },
         configureServer: (inout ServerConfiguration) -> Void = { _ in }) throws {
        let certificates = try TestCertificates.shared()
        let serverTLS = try TLSConfiguration.server(certificateChainFile: certificates.localhost.certificateFile,
                                                    privateKeyFile: certificates.localhost.privateKeyFile)
        upstream = try RecordingUpstream(tls: serverTLS, reply: upstreamReply)
        let upstreamConfiguration = UpstreamConfiguration(
            endpoint: try AzureRealtimeEndpoint(endpoint: "https://localhost:\(upstream.server.port)", apiVersion: apiVersion),
            deployment: "gpt-realtime", credential: .apiKey("relay-upstream-key"),
            tls: try TLSConfiguration.client(trust: .caFile(certificates.caFile)))
        let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        let recording = logs.map { records in Logger(label: "relay", factory: { _ in RecordingLogHandler(records) }) }
        var relay = RelayConfiguration(upstream: upstreamConfiguration, logger: recording ?? quiet)
        relay.instructions = instructions
        relay.instructionsPolicy = policy
        configure(&relay)
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.threads = 1
        configuration.publicDirectory = nil
        configuration.logger = quiet
        configuration.webSocketService = RelayService(configuration: relay)
        configuration.webSocketsFinishOnDrain = true
        configuration.metricsSources = [RelayService.metrics]
        configureServer(&configuration)
        server = try HTTPServer(configuration: configuration)
        port = try server.start().port
    }

    deinit {
        server.stop()
        server.waitUntilStopped()
    }

    /// The body of `GET /metrics`.
    func scrapeMetrics() throws -> String {
        let metrics = try TestConnection(port: port)
        try metrics.send("GET /metrics HTTP/1.1\r\nHost: relay\r\nConnection: close\r\n\r\n")
        return try metrics.readResponse().text
    }

    /// A client WebSocket to `path` (GA SDK path by default) with `fields` (e.g. a dummy api-key).
    func client(path: String = "/realtime", fields: String = "", timeout: Double = 5) throws -> RawWebSocketClient {
        try RawWebSocketClient(port: port, path: path, extraFields: fields, timeout: timeout)
    }
}

extension RawWebSocketClient {
    /// The next text frame parsed as JSON (skipping pings).
    func receiveEvent() throws -> JSONValue {
        while true {
            let frame = try receive()
            if frame.opcode == 9 || frame.opcode == 10 { continue }
            guard frame.opcode == 1 else { throw TestConnection.Failure("expected text, got opcode \(frame.opcode): \(frame.text)") }
            return try JSONValue.parse(frame.payload)
        }
    }

    /// Reads until a close frame and returns its code.
    func receiveClose() throws -> (code: Int?, reason: String) {
        while true {
            let frame = try receive()
            if frame.opcode == 8 { return (frame.closeCode, String(decoding: frame.payload.dropFirst(2), as: UTF8.self)) }
        }
    }
}
