// An upstream that did not open, in the client's terms: an Azure-shaped error event and a close code.
import Upstream
import WebSocket

/// What the client is told when its upstream cannot open. Messages carry no secret: upstream errors
/// are built without credentials, and token errors are scrubbed by the Credentials module.
struct UpstreamFailure {
    let code: String
    let message: String
    let closeCode: WebSocketCloseCode
    let closeReason: String

    init(_ error: UpstreamError) {
        message = "The relay could not open the realtime session: \(error)"
        switch error {
        case .rejected(let rejection) where rejection.status == 429:
            code = "rate_limit_exceeded"
            closeCode = .tryAgainLater
            closeReason = "upstream throttled, try again later"
        case .rejected(let rejection) where rejection.status == 401 || rejection.status == 403:
            code = "upstream_authentication_failed"
            closeCode = .internalError
            closeReason = "upstream refused the relay's credentials"
        case .rejected(let rejection) where rejection.status == 404:
            code = "upstream_deployment_not_found"
            closeCode = .internalError
            closeReason = "upstream deployment not found"
        case .rejected(let rejection) where rejection.status >= 500:
            code = "upstream_unavailable"
            closeCode = .tryAgainLater
            closeReason = "upstream unavailable, try again later"
        case .rejected:
            code = "upstream_refused"
            closeCode = .internalError
            closeReason = "upstream refused the session"
        case .credential:
            code = "upstream_credential_unavailable"
            closeCode = .internalError
            closeReason = "the relay has no upstream credential"
        case .dial, .handshake:
            code = "upstream_unreachable"
            closeCode = .internalError
            closeReason = "cannot reach the upstream"
        case .timedOut:
            code = "upstream_timeout"
            closeCode = .tryAgainLater
            closeReason = "upstream did not answer in time"
        }
    }
}
