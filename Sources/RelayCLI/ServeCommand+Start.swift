// Starting the relay as `serve` runs it, for `serve` itself and for `replay send`.
import ArgumentParser
import FrameLog
import Logging
import Posix
import Reactor
import Relay
import ReplayUpstream
import Server
import Simulator
import Upstream

extension ServeCommand {
    /// Starts the relay as `serve` runs it (upstream, simulator or replay, frame log, metrics) on
    /// `host:port`. Termination signals must be blocked already (`SignalWatcher.blockTerminationSignals`).
    func startRelay(host: String, port: Int, handleSignals: Bool, logger: Logger) throws -> RunningRelay {
        var configuration = ServerConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.publicDirectory = publicDirectory
        configuration.threads = threads ?? LoopGroup.coreCount
        configuration.drainTimeout = drainTimeout
        configuration.headerTimeout = headerTimeout
        configuration.keepAliveTimeout = keepAliveTimeout
        configuration.limits.maxRequestLineBytes = maxRequestLineBytes
        configuration.limits.maxHeaderBlockBytes = maxHeaderBytes
        configuration.limits.maxHeaderFields = maxHeaderFields
        configuration.logger = logger
        configuration.webSocket.codec = .init(maxMessageBytes: maxMessageBytes)
        configuration.webSocket.pingInterval = pingInterval
        // Three missed pings: the peer is gone.
        configuration.webSocket.deadPeerTimeout = pingInterval * 3

        let upstream: UpstreamConfiguration
        var simulated: RealtimeSimulator?
        var replaying: ReplayUpstream?
        if simulator && upstreamReplay != nil {
            throw ValidationError("--simulator and --upstream-replay both choose the upstream; pass one of them")
        }
        if let upstreamReplay {
            // Like the simulator's: its own "listening" and per-client lines would read like the relay's.
            var replayLogger = Logger(label: "replay")
            replayLogger.logLevel = .warning
            let instance = try ReplayUpstream(conversation: try ReplayLoading.load(upstreamReplay), pacing: ReplayPacing(),
                                              logger: replayLogger)
            replaying = instance
            upstream = try UpstreamSetup.simulated(endpoint: instance.endpoint)
            logger.info("upstream replay: sessions replay a recorded session, no Azure account needed",
                        metadata: ["log": "\(upstreamReplay)", "replay": "\(instance.endpoint)"])
        } else if simulator {
            // Its own server's "listening" and per-session lines would read like the relay's: warnings only.
            var simulatorLogger = Logger(label: "simulator")
            simulatorLogger.logLevel = .warning
            let instance = try RealtimeSimulator(logger: simulatorLogger)
            simulated = instance
            upstream = try UpstreamSetup.simulated(endpoint: instance.endpoint)
            logger.info("simulator mode: sessions go to the built-in simulated upstream, no Azure account needed",
                        metadata: ["simulator": "\(instance.endpoint)"])
        } else {
            let configured = try UpstreamSetup.fromEnvironment(logger: logger)
            upstream = configured
            configuration.readiness = { configured.readinessProblem }
        }
        var relay = try relayConfiguration(upstream: upstream, logger: logger)
        let frameLogWriter = try frameLog.makeWriter(loops: configuration.threads, logger: logger)
        relay.frameLog = frameLogWriter
        configuration.webSocketService = RelayService(configuration: relay)
        configuration.metricsSources = [RelayService.metrics] + (frameLogWriter.map { [FrameLogMetricsSource(writer: $0)] } ?? [])
        if let viewer = try frameLog.makeLogViewer(directory: frameLogWriter?.configuration.directory
                                                   ?? frameLog.logDir ?? environment("RELAY_LOG_DIR") ?? "./logs") {
            configuration.httpService = viewer
            logger.info("log viewer on: /logs (access tokens required)")
        }
        if let frameLogWriter {
            frameLogWriter.start()
            logger.info("frame log on", metadata: ["dir": "\(frameLogWriter.configuration.directory)",
                                                   "gzip": "\(frameLogWriter.configuration.gzip)",
                                                   "audio": "\(frameLogWriter.configuration.audio.rawValue)",
                                                   "writer_threads": "\(frameLogWriter.configuration.writerThreads)"])
        } else {
            logger.info("frame log off (--no-frame-log)")
        }
        // On SIGTERM sessions keep talking until --drain-timeout, then both sides get 1001.
        configuration.webSocketsFinishOnDrain = true
        warnIfFileLimitIsLow(OpenFileLimit.raiseToHardLimit(), sessions: relay.limits.maxSessions, logger: logger)
        let server = try HTTPServer(configuration: configuration)
        let address = try server.start(handleSignals: handleSignals)
        return RunningRelay(server: server, address: address, frameLog: frameLogWriter, simulator: simulated, replay: replaying)
    }
}

/// Each session holds two sockets (browser and upstream); the rest is listeners, files and slack.
private func warnIfFileLimitIsLow(_ openFiles: UInt64, sessions: Int, logger: Logger) {
    let needed = UInt64(sessions) * 2 + 64
    guard openFiles < needed else { return }
    logger.warning("the open-file limit is too low for --max-sessions; raise it (ulimit -n, LimitNOFILE= in systemd, --ulimit nofile= in Docker)",
                   metadata: ["open_files": "\(openFiles)", "needed": "\(needed)", "max_sessions": "\(sessions)"])
}

/// A started relay and what it started beside it; `waitUntilStopped` also stops those, in order.
struct RunningRelay {
    let server: HTTPServer
    let address: SocketAddress
    let frameLog: FrameLogWriter?
    let simulator: RealtimeSimulator?
    let replay: ReplayUpstream?

    /// Blocks until the server stops (a signal, or `server.beginDrain()`), then stops the rest.
    func waitUntilStopped() {
        server.waitUntilStopped()
        frameLog?.stop()  // after the loops: every session's last records are handed over
        simulator?.stop()
        replay?.stop()
    }
}
