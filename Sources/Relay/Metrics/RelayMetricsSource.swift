// The relay's families for /metrics: sessions, frames and bytes per direction, rewrites, connect times, tokens.
import Reactor
import Server

struct RelayMetricsSource: LoopMetricsSource {
    func families(on context: LoopContext) -> [MetricFamily] {
        let metrics = context.attachment(RelayLoopMetrics.self) ?? RelayLoopMetrics()
        let directions = RelayLoopMetrics.Direction.allCases
        var connectSamples: [MetricSample] = zip(metrics.upstreamConnect.bounds, metrics.upstreamConnect.counts).map {
            var sample = MetricSample(labels: [("le", PrometheusText.format(.double($0.0)))], value: $0.1)
            sample.suffix = "_bucket"
            return sample
        }
        var infinity = MetricSample(labels: [("le", "+Inf")], value: metrics.upstreamConnect.count)
        infinity.suffix = "_bucket"
        var sum = MetricSample(value: metrics.upstreamConnect.sum)
        sum.suffix = "_sum"
        var count = MetricSample(value: metrics.upstreamConnect.count)
        count.suffix = "_count"
        connectSamples += [infinity, sum, count]
        return [
            MetricFamily(name: "relay_sessions_active", help: "Relay sessions open now.", type: .gauge,
                         samples: [MetricSample(value: metrics.sessionsActive)]),
            MetricFamily(name: "relay_sessions_total", help: "Relay sessions ended, by outcome.", type: .counter,
                         samples: metrics.sessionsByOutcome.sorted { $0.key < $1.key }.map {
                             MetricSample(labels: [("outcome", $0.key)], value: $0.value)
                         }),
            MetricFamily(name: "relay_frames_total", help: "Frames relayed, by direction.", type: .counter,
                         samples: directions.map { MetricSample(labels: [("direction", $0.rawValue)], value: metrics.frames[$0]) }),
            MetricFamily(name: "relay_frame_bytes_total", help: "Payload bytes relayed, by direction.", type: .counter,
                         samples: directions.map { MetricSample(labels: [("direction", $0.rawValue)], value: metrics.bytes[$0]) }),
            MetricFamily(name: "relay_frames_rewritten_total",
                         help: "Frames the relay rewrote (instructions policy, hiding).", type: .counter,
                         samples: [MetricSample(value: metrics.rewritten)]),
            MetricFamily(name: "relay_frames_refused_total", help: "Client frames the relay refused.", type: .counter,
                         samples: [MetricSample(value: metrics.refused)]),
            MetricFamily(name: "relay_frames_injected_total", help: "Frames the relay sent upstream on its own.",
                         type: .counter, samples: [MetricSample(value: metrics.injected)]),
            MetricFamily(name: "relay_upstream_credential_errors_total",
                         help: "Sessions that could not open for want of an upstream credential.", type: .counter,
                         samples: [MetricSample(value: metrics.credentialErrors)]),
            MetricFamily(name: "relay_upstream_connect_seconds",
                         help: "Time to open the upstream (credential, DNS, TCP, TLS, WebSocket upgrade).",
                         type: .histogram, samples: connectSamples),
            MetricFamily(name: "relay_upstream_tls_resumed_total",
                         help: "Upstream connections whose TLS handshake resumed an earlier session.", type: .counter,
                         samples: [MetricSample(value: metrics.upstreamTLSResumed)]),
            MetricFamily(name: "relay_tokens_total", help: "Tokens used, from response.done usage.", type: .counter,
                         samples: ["input", "output", "total"].map {
                             MetricSample(labels: [("kind", $0)], value: metrics.tokens[$0] ?? 0)
                         }),
        ]
    }
}
