// The relay's counters for one loop: plain integers its sessions bump, read by /metrics through a job.
import Reactor

/// One loop's relay counters. Loop-confined: sessions on this loop update them without locks or
/// atomics; a scrape reads them on the loop (`RelayMetricsSource`) and sums the loops.
final class RelayLoopMetrics {
    var sessionsActive = 0
    var sessionsByOutcome: [String: Int] = [:]
    var frames = PerDirection()
    var bytes = PerDirection()
    var rewritten = 0
    var refused = 0
    var injected = 0
    var credentialErrors = 0
    var upstreamConnect = Histogram(bounds: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10])
    /// Upstream connections whose TLS handshake resumed an earlier session.
    var upstreamTLSResumed = 0
    var tokens: [String: Int] = [:]

    enum Direction: String, CaseIterable {
        case clientToUpstream = "client_to_upstream"
        case upstreamToClient = "upstream_to_client"
    }

    /// The loop's instance, created on first use.
    static func of(_ context: LoopContext) -> RelayLoopMetrics {
        if let existing = context.attachment(RelayLoopMetrics.self) { return existing }
        let created = RelayLoopMetrics()
        context.setAttachment(created, for: RelayLoopMetrics.self)
        return created
    }

    @inline(__always)
    func count(_ direction: Direction, bytes count: Int) {
        frames[direction] &+= 1
        bytes[direction] &+= count
    }

    /// One counter per direction, as two plain fields: bumped on every relayed frame, so no hashing.
    struct PerDirection {
        private var clientToUpstream = 0
        private var upstreamToClient = 0

        subscript(direction: Direction) -> Int {
            get { direction == .clientToUpstream ? clientToUpstream : upstreamToClient }
            set {
                if direction == .clientToUpstream { clientToUpstream = newValue } else { upstreamToClient = newValue }
            }
        }
    }
}

@available(*, unavailable, message: "RelayLoopMetrics belongs to one loop thread")
extension RelayLoopMetrics: Sendable {}

/// A Prometheus histogram: cumulative buckets by upper bound, with sum and count.
struct Histogram {
    let bounds: [Double]
    var counts: [Int]
    var sum = 0.0
    var count = 0

    init(bounds: [Double]) {
        self.bounds = bounds
        counts = [Int](repeating: 0, count: bounds.count)
    }

    mutating func observe(_ value: Double) {
        for (index, bound) in bounds.enumerated() where value <= bound { counts[index] += 1 }
        sum += value
        count += 1
    }
}
