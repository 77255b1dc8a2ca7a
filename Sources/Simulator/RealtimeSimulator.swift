// The built-in upstream (`serve --simulator`): an in-process WebSocket server speaking Azure's GA realtime protocol.
import Logging
import Server
import Synchronization

/// A believable stand-in for the Azure OpenAI GPT Realtime API, so the voice page can be tried
/// without an Azure account. It is a real WebSocket server on 127.0.0.1 with one loop thread of
/// its own; the relay connects to ``endpoint`` exactly as it connects to Azure, so the relay's code
/// path is the same for both.
///
/// Each session answers like Azure's GA protocol: `session.created`, `session.update`, server VAD
/// on the input audio's energy, responses with a synthesized voice paced in real time, barge-in,
/// truncation and Azure-shaped `error` events.
///
/// ```swift
/// let simulator = try RealtimeSimulator(logger: logger)
/// upstream.endpoint = simulator.endpoint   // "http://127.0.0.1:PORT"
/// ```
public final class RealtimeSimulator: Sendable {
    private let server: HTTPServer
    private let stopped = Atomic<Bool>(false)
    public let port: Int

    /// Starts listening on 127.0.0.1 (port 0 = ephemeral) with its own loop thread.
    public convenience init(port: Int = 0, logger: Logger) throws {
        try self.init(port: port, logger: logger, options: SimulatorOptions())
    }

    /// Tests speed up pacing and shorten the session lifetime through `options`.
    init(port: Int, logger: Logger, options: SimulatorOptions) throws {
        var logger = logger
        logger[metadataKey: "component"] = "simulator"
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = port
        configuration.threads = 1
        configuration.publicDirectory = nil
        // stop() drains: sessions get a close frame, and a peer that never answers it is cut after 1 s.
        configuration.drainTimeout = 1
        configuration.logger = logger
        configuration.webSocketService = SimulatorService(options: options, logger: logger)
        server = try HTTPServer(configuration: configuration)
        self.port = try server.start().port
    }

    /// "http://127.0.0.1:PORT": the AZURE_OPENAI_ENDPOINT-style URL to point the relay at.
    public var endpoint: String { "http://127.0.0.1:\(port)" }

    /// Closes open sessions with 1001 (going away), as Azure does on maintenance, and waits for the
    /// loop thread to end (at most about a second). Idempotent; must not be called from the
    /// simulator's own loop thread.
    public func stop() {
        guard !stopped.exchange(true, ordering: .acquiringAndReleasing) else { return }
        server.beginDrain()
        server.waitUntilStopped()
    }

    deinit { stop() }
}
