// `replay serve` and `serve --upstream-replay`: an upstream that plays a recorded session again.
import Logging
import Server
import Synchronization

/// A WebSocket server on its own loop thread that answers each client with a recorded session's server
/// frames (``ReplaySession``): an SDK client, or the relay (`serve --upstream-replay LOG`), can then be
/// debugged against what Azure once said.
public final class ReplayUpstream: Sendable {
    private let server: HTTPServer
    private let stopped = Atomic<Bool>(false)
    public let port: Int

    /// Listens on `host:port` (port 0: ephemeral). `handleSignals`: SIGTERM/SIGINT stop it (the
    /// `replay serve` command); the relay's own server handles them when it runs in process.
    public init(conversation: RecordedConversation, pacing: ReplayPacing, host: String = "127.0.0.1", port: Int = 0,
                handleSignals: Bool = false, logger: Logger) throws {
        var logger = logger
        logger[metadataKey: "component"] = "replay-upstream"
        var configuration = ServerConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.threads = 1
        configuration.publicDirectory = nil
        configuration.drainTimeout = 1
        configuration.logger = logger
        configuration.webSocketService = ReplayUpstreamService(conversation: conversation, pacing: pacing, logger: logger)
        server = try HTTPServer(configuration: configuration)
        self.port = try server.start(handleSignals: handleSignals).port
    }

    /// "http://127.0.0.1:PORT": the AZURE_OPENAI_ENDPOINT-style URL to point the relay at.
    public var endpoint: String { "http://127.0.0.1:\(port)" }

    /// Blocks until a signal (with `handleSignals`) or ``stop()`` ends the server.
    public func waitUntilStopped() { server.waitUntilStopped() }

    /// Closes open replays with 1001 and waits for the loop thread. Idempotent.
    public func stop() {
        guard !stopped.exchange(true, ordering: .acquiringAndReleasing) else { return }
        server.beginDrain()
        server.waitUntilStopped()
    }

    deinit { stop() }
}
