// `realtime-relay serve`: run the HTTP server (static page, health, metrics) until SIGTERM.
import ArgumentParser
import Logging
import Reactor
import Relay

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the voice demo page and the relay (the default command).",
        discussion: """
            Endpoints: / (the page from --public), /healthz (liveness), /readyz (readiness; 503 while \
            draining or without an upstream credential), /metrics (Prometheus).

            On SIGTERM or SIGINT the server drains: /readyz turns 503, it stops accepting, finishes \
            requests in flight and exits 0 within --drain-timeout. A second signal stops it at once.

            Upstream (unless --simulator): AZURE_OPENAI_ENDPOINT (required), AZURE_OPENAI_DEPLOYMENT_NAME \
            (default gpt-realtime), OPENAI_API_VERSION (unset: GA protocol), AZURE_OPENAI_API_KEY, or the \
            Microsoft Entra ID variables of DefaultAzureCredential (AZURE_TENANT_ID, AZURE_CLIENT_ID, \
            AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH, AZURE_FEDERATED_TOKEN_FILE, IDENTITY_ENDPOINT, \
            AZURE_TOKEN_CREDENTIALS, ...). /readyz is 503 until a credential is available. \
            `realtime-relay doctor` checks all of it step by step.

            Environment: PORT (when --port is not given), RELAY_LOG_FORMAT, RELAY_LOG_LEVEL.
            """)

    @Option(help: "Address to listen on (0.0.0.0: all IPv4 interfaces; :: for IPv6).")
    var host = "0.0.0.0"

    @Option(help: "TCP port to listen on. [default: $PORT, else 8080]")
    var port: Int?

    @Option(name: .customLong("public"), help: ArgumentHelp("Directory of static files served at /.", valueName: "dir"))
    var publicDirectory = "./Public"

    @Option(help: "Event-loop threads, one per core is best. [default: number of cores]")
    var threads: Int?

    @Flag(help: "Use the built-in simulated upstream instead of Azure (no account or key needed).")
    var simulator = false

    @Option(help: ArgumentHelp("Use a recorded session as the upstream: every session replays the log's server frames (realtime-relay replay serve explains the pacing).",
                               valueName: "log"))
    var upstreamReplay: String?

    @Option(help: ArgumentHelp("Session instructions for the model, injected into every session and hidden from clients. [default: $RELAY_INSTRUCTIONS]",
                               valueName: "text"))
    var instructions: String?

    @Option(help: ArgumentHelp("Read the instructions from a file (UTF-8). [default: $RELAY_INSTRUCTIONS_FILE]", valueName: "path"))
    var instructionsFile: String?

    @Option(help: ArgumentHelp("What happens to a client's own instructions: override (replaced by yours), append (after yours), client (kept).",
                               valueName: "override|append|client"))
    var instructionsPolicy = "override"

    @Option(help: ArgumentHelp("A JSON session policy: defaults for the first session.update, fields clients may not change, the client events allowed (docs/session-policy.md). [default: $RELAY_SESSION_CONFIG]",
                               valueName: "path"))
    var sessionConfig: String?

    @Option(help: ArgumentHelp("Deployments clients may ask for (?model= or ?deployment=), comma-separated. [default: the configured deployment]",
                               valueName: "names"))
    var deployments: String?

    @Option(help: ArgumentHelp("Web pages that may open sessions, comma-separated origins (https://demo.example.com) or *. Requests without Origin (SDKs, servers) always pass. [default: same origin as the page]",
                               valueName: "origins"))
    var allowedOrigins: String?

    @Option(help: ArgumentHelp("A file of client access tokens, one per line (at least 16 characters). Clients then need one: Authorization: Bearer TOKEN, ?access_token=TOKEN, or the subprotocol relay-token.TOKEN; else 401. [default: $RELAY_ACCESS_TOKENS_FILE]",
                               valueName: "path"))
    var accessTokensFile: String?

    @Option(help: ArgumentHelp("Reverse proxies to believe, comma-separated addresses or CIDR blocks (10.0.0.0/8, ::1): from them, Forwarded / X-Forwarded-For / X-Forwarded-Proto name the client, for limits and logs; from anyone else they are ignored. [default: $RELAY_TRUSTED_PROXIES, else none]",
                               valueName: "cidr,..."))
    var trustedProxies: String?

    @OptionGroup(title: "Frame log")
    var frameLog: FrameLogOptions

    @Option(help: "Relay sessions open at once; more are refused with 1013 (try again later).")
    var maxSessions = 200

    @Option(help: "Relay sessions open at once from one client address; more are refused with 1008.")
    var maxSessionsPerClient = 10

    @Option(help: "New relay sessions one client address may start per minute; more are refused with 1008.")
    var sessionsPerMinute = 30

    @Option(help: "Seconds a relay session may last (Azure ends its own at 1800); the client is warned 60 s before.")
    var maxSessionSeconds = 1800.0

    @Option(help: "Seconds without a frame from the client before its session is closed.")
    var sessionIdleTimeout = 600.0

    @Option(help: "Seconds a shutdown waits for requests in flight before closing them.")
    var drainTimeout = 10.0

    @Option(help: "Seconds a client has to send a request's head once it starts (slowloris guard).")
    var headerTimeout = 10.0

    @Option(name: .customLong("keepalive-timeout"), help: "Seconds an idle keep-alive connection stays open.")
    var keepAliveTimeout = 60.0

    @Option(help: "Longest request line accepted (longer: 414).")
    var maxRequestLineBytes = 8 * 1024

    @Option(help: "Largest request header block accepted (larger: 431).")
    var maxHeaderBytes = 16 * 1024

    @Option(help: "Most request header fields accepted (more: 431).")
    var maxHeaderFields = 100

    @Option(help: "Largest WebSocket message accepted from a peer (larger: close 1009).")
    var maxMessageBytes = 16 * 1024 * 1024

    @Option(help: "Seconds of silence on a WebSocket before the server pings it (proxies drop idle sockets at 60 s).")
    var pingInterval = 20.0

    @Option(help: ArgumentHelp("Log line format: text (terminal) or json (containers). [default: $RELAY_LOG_FORMAT, else text]",
                               valueName: "text|json"))
    var logFormat: String?

    @Option(help: ArgumentHelp("Least severe level logged: trace, debug, info, notice, warning, error. [default: $RELAY_LOG_LEVEL, else info]",
                               valueName: "level"))
    var logLevel: String?

    func validate() throws {
        if let port, !(0...65535).contains(port) { throw ValidationError("--port must be between 0 and 65535") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if maxMessageBytes < 125 { throw ValidationError("--max-message-bytes must be at least 125") }
        if maxSessions < 1 || maxSessionsPerClient < 1 || sessionsPerMinute < 1 {
            throw ValidationError("--max-sessions, --max-sessions-per-client and --sessions-per-minute must be at least 1")
        }
        if maxSessionSeconds <= 0 || sessionIdleTimeout <= 0 {
            throw ValidationError("--max-session-seconds and --session-idle-timeout must be positive numbers of seconds")
        }
        if drainTimeout < 0 || headerTimeout <= 0 || keepAliveTimeout <= 0 || pingInterval <= 0 {
            throw ValidationError("timeouts must be positive numbers of seconds")
        }
        _ = try resolvedLogFormat()
        _ = try resolvedLogLevel()
        _ = try resolvedPolicy()
    }

    func run() throws {
        bootstrapLogging(format: try resolvedLogFormat(), level: try resolvedLogLevel())
        // Before any thread exists: termination signals go only to the loop's signalfd.
        SignalWatcher.blockTerminationSignals()
        let relay = try startRelay(host: host, port: try resolvedPort(), handleSignals: true, logger: Logger(label: "relay"))
        relay.waitUntilStopped()
    }

    func resolvedPolicy() throws -> InstructionsPolicy {
        guard let policy = InstructionsPolicy(rawValue: instructionsPolicy.lowercased()) else {
            throw ValidationError("--instructions-policy '\(instructionsPolicy)' is unknown; use override, append or client")
        }
        return policy
    }

    private func resolvedPort() throws -> Int {
        if let port { return port }
        guard let text = environment("PORT") else { return 8080 }
        guard let value = Int(text), (0...65535).contains(value) else {
            throw ValidationError("PORT=\(text) is not a port number; set PORT to 0-65535 or pass --port")
        }
        return value
    }

    func resolvedLogFormat() throws -> LogFormat {
        let text = logFormat ?? environment("RELAY_LOG_FORMAT") ?? "text"
        guard let format = LogFormat(rawValue: text.lowercased()) else {
            throw ValidationError("log format '\(text)' is unknown; use text or json")
        }
        return format
    }

    private func resolvedLogLevel() throws -> Logger.Level {
        let text = logLevel ?? environment("RELAY_LOG_LEVEL") ?? "info"
        guard let level = Logger.Level(rawValue: text.lowercased()) else {
            throw ValidationError("log level '\(text)' is unknown; use trace, debug, info, notice, warning or error")
        }
        return level
    }
}
