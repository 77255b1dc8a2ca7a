// The HTTP server's counters: kept per loop as plain integers, copied and summed across loops on scrape.

/// Counters of one loop, or the sum over all loops. A value type: each loop mutates only its own
/// copy (no atomics, no cross-core cache traffic), and a scrape sends copies between threads.
struct HTTPCounters: Sendable {
    var connectionsAccepted = 0
    var connectionsOpen = 0
    var requestsByStatus: [Int: Int] = [:]
    /// On a loop: bytes of connections already closed (live ones are added at snapshot time).
    var bytesRead = 0
    var bytesWritten = 0
    var acceptErrors = 0
    var webSocketsOpen = 0
    var webSocketUpgrades = 0

    mutating func countResponse(status: Int) { requestsByStatus[status, default: 0] += 1 }

    mutating func add(_ other: HTTPCounters) {
        connectionsAccepted += other.connectionsAccepted
        connectionsOpen += other.connectionsOpen
        requestsByStatus.merge(other.requestsByStatus, uniquingKeysWith: +)
        bytesRead += other.bytesRead
        bytesWritten += other.bytesWritten
        acceptErrors += other.acceptErrors
        webSocketsOpen += other.webSocketsOpen
        webSocketUpgrades += other.webSocketUpgrades
    }
}
