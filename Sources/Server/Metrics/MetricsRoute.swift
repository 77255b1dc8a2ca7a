// Turns the summed loop counters into the Prometheus families served at /metrics.

enum MetricsRoute {
    static func families(_ total: HTTPCounters, draining: Bool) -> [MetricFamily] {
        [
            MetricFamily(name: "relay_http_connections_open", help: "HTTP connections currently open.",
                         type: .gauge, samples: [MetricSample(value: total.connectionsOpen)]),
            MetricFamily(name: "relay_http_connections_accepted_total", help: "HTTP connections accepted.",
                         type: .counter, samples: [MetricSample(value: total.connectionsAccepted)]),
            MetricFamily(name: "relay_http_accept_errors_total",
                         help: "accept() failures (EMFILE, ENFILE, ...); the listener pauses briefly after each.",
                         type: .counter, samples: [MetricSample(value: total.acceptErrors)]),
            MetricFamily(name: "relay_http_requests_total", help: "HTTP responses sent, by status code.",
                         type: .counter,
                         samples: total.requestsByStatus.sorted { $0.key < $1.key }.map {
                             MetricSample(labels: [("code", String($0.key))], value: $0.value)
                         }),
            MetricFamily(name: "relay_http_received_bytes_total", help: "Bytes read from HTTP clients.",
                         type: .counter, samples: [MetricSample(value: total.bytesRead)]),
            MetricFamily(name: "relay_http_sent_bytes_total", help: "Bytes written to HTTP clients.",
                         type: .counter, samples: [MetricSample(value: total.bytesWritten)]),
            MetricFamily(name: "relay_websocket_connections_open", help: "WebSocket connections currently open.",
                         type: .gauge, samples: [MetricSample(value: total.webSocketsOpen)]),
            MetricFamily(name: "relay_websocket_upgrades_total", help: "HTTP connections upgraded to WebSocket.",
                         type: .counter, samples: [MetricSample(value: total.webSocketUpgrades)]),
            MetricFamily(name: "relay_draining", help: "1 while the server drains after SIGTERM.",
                         type: .gauge, samples: [MetricSample(value: draining ? 1 : 0)]),
        ]
    }
}
