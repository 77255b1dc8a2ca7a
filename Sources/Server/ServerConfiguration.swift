// Everything the HTTP server needs to know at start-up; built by the CLI from flags and environment.
import HTTP
import Reactor
import Logging
import WebSocket
import WebSocketIO

/// Server settings. Durations are in seconds.
package struct ServerConfiguration: Sendable {
    package var host = "0.0.0.0"
    package var port = 8080
    /// Static files; nil serves none (the WebSocket echo testee).
    package var publicDirectory: String? = "./Public"
    /// Loop threads; each owns a listening socket and the connections it accepts.
    package var threads = 1
    /// How long SIGTERM waits for in-flight requests before closing what remains.
    package var drainTimeout = 10.0
    /// On a drain, WebSockets either get 1001 at once (false: echo-style services), or keep running
    /// until the drain timeout and get 1001 then (true: relay sessions finish what they are saying).
    package var webSocketsFinishOnDrain = false
    /// A request's head (and body) must arrive within this long of its first byte (slowloris guard).
    package var headerTimeout = 10.0
    /// An idle keep-alive connection is closed after this long; also bounds a response the peer won't read.
    package var keepAliveTimeout = 60.0
    package var limits = HTTPParserLimits()
    package var logger = Logger(label: "realtime-relay")
    /// The application taking WebSocket upgrades (the relay; the echo testee); nil: none.
    package var webSocketService: (any WebSocketService)?
    /// The application answering plain GET/HEAD requests for paths it claims (the log viewer's API),
    /// asked before static files; nil: none.
    package var httpService: (any HTTPService)?
    /// Limits and timing of upgraded connections.
    package var webSocket = WebSocketConnectionConfiguration()
    /// permessage-deflate accepted from clients (`.disabled` turns it off).
    package var webSocketDeflate = PerMessageDeflateConfiguration()

    /// Why the server cannot take new sessions right now (e.g. no upstream credential yet), or nil
    /// when it can: /readyz answers 503 with the reason. Called on loop threads: must be cheap and
    /// must not block (read a cached state).
    package var readiness: (@Sendable () -> String?)?

    /// Applications' own per-loop metrics (the relay's sessions and frames), added to /metrics.
    package var metricsSources: [any LoopMetricsSource] = []

    package init() {}
}

/// Per-loop metrics of an application: read on each loop by a job during a scrape (so the counters
/// stay loop-confined and lock-free), then summed across loops by family name and labels.
package protocol LoopMetricsSource: Sendable {
    func families(on context: LoopContext) -> [MetricFamily]
}
