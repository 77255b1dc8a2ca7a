// Counters one loop keeps for itself: plain integers, no atomics, summed across loops on scrape.

/// Per-loop counters, touched only by their loop (no cross-core cache traffic on the hot path).
final class LoopMetrics {
    var connectionsAccepted = 0
    var connectionsOpen = 0
    var requestsByStatus: [Int: Int] = [:]
    /// Bytes of connections already closed; live connections add theirs at snapshot time.
    var closedBytesRead = 0
    var closedBytesWritten = 0
    var acceptErrors = 0

    func countResponse(status: Int) { requestsByStatus[status, default: 0] += 1 }
}

@available(*, unavailable, message: "LoopMetrics belongs to one loop thread")
extension LoopMetrics: Sendable {}

/// A copy of one loop's counters, sent to the loop that answers /metrics.
struct LoopMetricsSnapshot: Sendable {
    var connectionsAccepted = 0
    var connectionsOpen = 0
    var requestsByStatus: [Int: Int] = [:]
    var bytesRead = 0
    var bytesWritten = 0
    var acceptErrors = 0

    mutating func add(_ other: LoopMetricsSnapshot) {
        connectionsAccepted += other.connectionsAccepted
        connectionsOpen += other.connectionsOpen
        requestsByStatus.merge(other.requestsByStatus, uniquingKeysWith: +)
        bytesRead += other.bytesRead
        bytesWritten += other.bytesWritten
        acceptErrors += other.acceptErrors
    }
}
