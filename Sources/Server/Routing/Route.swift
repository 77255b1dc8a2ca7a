// Which handler a request path goes to. Exact paths for operations; everything else is a static file.

enum Route: Equatable {
    /// `GET /healthz`: 200 while the process serves.
    case health
    /// `GET /readyz`: 200 when ready for new sessions, 503 while draining.
    case readiness
    /// `GET /metrics`: Prometheus text exposition.
    case metrics
    /// Any other path: the application's `HTTPService` when it claims the path, else a file under `--public`.
    case staticFile

    init(path: String) {
        switch path {
        case "/healthz": self = .health
        case "/readyz": self = .readiness
        case "/metrics": self = .metrics
        default: self = .staticFile
        }
    }

    /// The methods every current route answers (RFC 9110 §15.5.6: a 405 must list them in Allow).
    static let allowedMethods = "GET, HEAD"
}
