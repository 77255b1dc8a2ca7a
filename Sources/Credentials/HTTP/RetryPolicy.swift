// How often, and after how long, a token request is retried; every policy has a total-wait budget.

/// Retry rules for one kind of token endpoint.
///
/// Azure Identity retries token requests on throttling and server errors with exponential backoff;
/// the delays here are shorter and capped by `totalDelayBudget`, because a caller may be waiting for the
/// token (a relay session at its upstream handshake).
struct RetryPolicy: Sendable {
    /// Retries after the first attempt.
    var maxRetries: Int
    /// Statuses worth another try.
    var retryableStatuses: Set<Int>
    /// Whether a transport error (connect, TLS, timeout) is worth another try.
    var retriesTransportErrors: Bool
    /// Delay before the first retry; doubles on each further retry.
    var baseDelay: Double
    /// Statuses with their own first delay (IMDS 410: "available within 70 seconds").
    var statusBaseDelays: [Int: Double] = [:]
    /// Upper bound on any single delay, `Retry-After` included.
    var maxDelay: Double
    /// Upper bound on the sum of all delays; a retry that would exceed it is not made.
    var totalDelayBudget: Double

    /// The delay before retry number `retry` (1-based), given the status that caused it (nil for a
    /// transport error) and the server's `Retry-After`, if any.
    func delay(beforeRetry retry: Int, status: Int?, retryAfter: Double?) -> Double {
        if let retryAfter { return min(max(retryAfter, 0), maxDelay) }
        let first = status.flatMap { statusBaseDelays[$0] } ?? baseDelay
        var delay = first
        for _ in 1..<max(retry, 1) { delay *= 2 }
        return min(delay, maxDelay)
    }

    /// Entra ID token POSTs: azure-core retries 408, 429, 500, 502, 503, 504 and connection errors
    /// (entra.md §6.2).
    static let entra = RetryPolicy(
        maxRetries: 3, retryableStatuses: [408, 429, 500, 502, 503, 504], retriesTransportErrors: true,
        baseDelay: 0.8, maxDelay: 10, totalDelayBudget: 20)

    /// App Service / Container Apps identity endpoint: a local sidecar, same statuses as Entra ID.
    static let appService = RetryPolicy(
        maxRetries: 3, retryableStatuses: [408, 429, 500, 502, 503, 504], retriesTransportErrors: true,
        baseDelay: 0.8, maxDelay: 10, totalDelayBudget: 15)

    /// IMDS: the docs say retry 404, 410, 429 and 5xx; 410 means IMDS is updating and needs longer
    /// (entra.md §4.3). Azure Identity waits up to ~70 s for 410; we stop at a 30 s budget.
    static let imds = RetryPolicy(
        maxRetries: 5, retryableStatuses: Set([404, 410, 429]).union(500...599), retriesTransportErrors: true,
        baseDelay: 1, statusBaseDelays: [410: 4], maxDelay: 16, totalDelayBudget: 30)
}
