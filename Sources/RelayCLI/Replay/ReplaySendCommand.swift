// `realtime-relay replay send LOG`: the client's frames of a recorded session, sent again through the relay.
import ArgumentParser
import Logging
import Posix
import Reactor
import ReplayUpstream
import Synchronization

struct ReplaySendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Send a recorded session's client frames again, through the relay, to the configured upstream.",
        discussion: """
            Reproduces a problem: the relay starts in this process exactly as `serve` would (the same options and \
            environment: the upstream and its credentials, instructions, session policy, frame log), the recorded \
            client frames go to it in order with their recorded timing (scaled by --speed), and what comes back \
            is printed as it arrives. The new session is logged in --log-dir as usual; compare the two with \
            `realtime-relay replay summary`. Frames the client sent are sent as the client sent them (before \
            any rewrite by the relay), so the relay applies today's policy to them.

            Examples:
              realtime-relay replay send logs/SESSION.jsonl                 # to Azure, from the environment
              realtime-relay replay send logs/SESSION.jsonl --simulator --speed 4
            """)

    @Argument(help: ArgumentHelp("The frame log (.jsonl or .jsonl.gz).", valueName: "LOG"))
    var log: String

    @Option(help: "Sending speed: 1 is the recorded timing, 2 twice as fast, 0 as fast as the relay takes them.")
    var speed = 1.0

    @Option(help: "Seconds to wait for the upstream after the last frame (until a response.done, or quiet) before closing.")
    var wait = 15.0

    @OptionGroup(title: "Relay (as for serve)")
    var relay: ServeCommand

    func validate() throws {
        if speed < 0 { throw ValidationError("--speed must be 0 or more") }
        if wait < 0 { throw ValidationError("--wait must be 0 or more") }
    }

    func run() throws {
        bootstrapLogging(format: try relay.resolvedLogFormat(), level: .warning)
        let conversation = try ReplayLoading.load(log, needs: .clientFrames)
        SignalWatcher.blockTerminationSignals()
        let running = try relay.startRelay(host: "127.0.0.1", port: 0, handleSignals: false, logger: Logger(label: "relay"))
        defer {
            running.server.beginDrain()
            running.waitUntilStopped()
        }
        ReplayTerminal.printLines(["Sending \(conversation.clientFrames) client frames of session \(conversation.session ?? "?") "
                                   + "through the relay (\(running.address))…"])
        let outcome = ReplaySender.run(conversation, relayPort: running.address.port, speed: speed, wait: wait)
        ReplayTerminal.printLines(outcome.lines)
        if let failure = outcome.failure { throw StartupError(description: failure) }
    }
}
