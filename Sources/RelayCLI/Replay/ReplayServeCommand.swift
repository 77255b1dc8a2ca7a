// `realtime-relay replay serve LOG`: an upstream that plays a recorded session again, for SDK clients.
import ArgumentParser
import Logging
import Reactor
import ReplayUpstream

struct ReplayServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Play a recorded session's server frames to whoever connects, as the upstream once sent them.",
        discussion: """
            Each client that connects gets the recorded session from its start: the upstream's frames in order, \
            with their recorded timing (scaled by --speed), each one after the client has sent as many frames as \
            the recorded client had sent before it. Point an SDK client at it as its Azure endpoint \
            (ws://HOST:PORT/openai/v1 as websocket_base_url), or run the whole relay on a recording for the page:

              realtime-relay serve --upstream-replay LOG
            """)

    @Argument(help: ArgumentHelp("The frame log (.jsonl or .jsonl.gz).", valueName: "LOG"))
    var log: String

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "TCP port to listen on.")
    var port = 8090

    @Option(help: "Playback speed: 1 is the recorded timing, 2 twice as fast, 0 as fast as the client allows.")
    var speed = 1.0

    @Flag(help: "Send on the recorded timing alone, without waiting for the client's frames.")
    var noWaitForClient = false

    func validate() throws {
        if speed < 0 { throw ValidationError("--speed must be 0 or more") }
    }

    func run() throws {
        let logger = Logger(label: "replay")
        let conversation = try ReplayLoading.load(log)
        SignalWatcher.blockTerminationSignals()
        let upstream = try ReplayUpstream(conversation: conversation,
                                          pacing: ReplayPacing(speed: speed, waitsForClient: !noWaitForClient),
                                          host: host, port: port, handleSignals: true, logger: logger)
        ReplayTerminal.printLines([
            "Replaying session \(conversation.session ?? "?"): \(conversation.serverFrames) server frames over "
                + "\(Int(conversation.duration.rounded())) s, paced by \(conversation.clientFrames) client frames.",
            "Listening on \(host):\(upstream.port): SDK clients use websocket_base_url ws://\(host):\(upstream.port)/openai/v1 "
                + "(any key). Ctrl-C stops.",
        ])
        upstream.waitUntilStopped()
    }
}

/// Loading a recording for `replay serve` and `serve --upstream-replay`, with what a user should know.
enum ReplayLoading {
    enum Need { case serverFrames, clientFrames }

    static func load(_ path: String, needs need: Need = .serverFrames) throws -> RecordedConversation {
        let conversation: RecordedConversation
        do {
            conversation = try RecordedConversation.load(path: path)
        } catch {
            throw StartupError(description: "\(error)")
        }
        for diagnostic in conversation.diagnostics.prefix(20) { ReplayTerminal.writeStandardError("warning: \(diagnostic)\n") }
        switch need {
        case .serverFrames where conversation.serverFrames == 0:
            throw StartupError(description: "\(path) holds no upstream frames to replay (was the session refused before the upstream opened?)")
        case .clientFrames where conversation.clientFrames == 0:
            throw StartupError(description: "\(path) holds no client frames to send (the client sent nothing in that session)")
        default:
            break
        }
        if conversation.elidedAudioFrames > 0 {
            ReplayTerminal.writeStandardError("warning: \(conversation.elidedAudioFrames) frames had their audio left out of the log (--log-audio); they are replayed without it\n")
        }
        return conversation
    }
}
