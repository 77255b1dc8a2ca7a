// Sends one token request with a RetryPolicy, sleeping on the injected clock between attempts.

/// What finally came back after the retries.
enum SendOutcome: Sendable {
    /// The last response (any status).
    case response(TokenHTTPResponse)
    /// The last attempt did not get a response; the transport's (secret-free) description.
    case transportFailure(String)
}

struct RetryingSender: Sendable {
    let transport: any TokenHTTPTransport
    let clock: any WallClock
    let policy: RetryPolicy

    /// Sends `request`, retrying per `policy`. Stops early when the task is cancelled.
    func send(_ request: TokenHTTPRequest) async -> SendOutcome {
        var retry = 0
        var slept = 0.0
        while true {
            let outcome: SendOutcome
            let retryAfter: Double?
            let status: Int?
            do {
                let response = try await transport.send(request)
                outcome = .response(response)
                status = response.status
                retryAfter = Self.retryAfter(response)
                guard policy.retryableStatuses.contains(response.status) else { return outcome }
            } catch {
                outcome = .transportFailure(String(describing: error))
                status = nil
                retryAfter = nil
                guard policy.retriesTransportErrors, !(error is CancellationError) else { return outcome }
            }
            retry += 1
            guard retry <= policy.maxRetries, !Task.isCancelled else { return outcome }
            let delay = policy.delay(beforeRetry: retry, status: status, retryAfter: retryAfter)
            guard slept + delay <= policy.totalDelayBudget else { return outcome }
            slept += delay
            do { try await clock.sleep(seconds: delay) } catch { return outcome }
        }
    }

    /// `retry-after-ms` / `x-ms-retry-after-ms` (milliseconds) or `Retry-After` (delta-seconds; the
    /// HTTP-date form is ignored and the policy's own delay used).
    static func retryAfter(_ response: TokenHTTPResponse) -> Double? {
        for name in ["retry-after-ms", "x-ms-retry-after-ms"] {
            if let value = response.header(name), let milliseconds = Double(value.trimmingASCIIWhitespace()) {
                return milliseconds / 1000
            }
        }
        if let value = response.header("Retry-After"), let seconds = Double(value.trimmingASCIIWhitespace()) {
            return seconds
        }
        return nil
    }
}
