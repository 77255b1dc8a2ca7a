// Collects one snapshot from every loop for a /metrics scrape, then hands the sum back to one loop.
import Synchronization

/// Counts replies from the loops; the last one to report gets the combined snapshot. Sendable via Mutex.
final class MetricsGathering: Sendable {
    private let state: Mutex<(remaining: Int, total: HTTPCounters)>

    init(loops: Int) {
        state = Mutex((loops, HTTPCounters()))
    }

    /// Adds one loop's snapshot; returns the total when this was the last one expected.
    func add(_ snapshot: HTTPCounters) -> HTTPCounters? {
        state.withLock { state in
            state.total.add(snapshot)
            state.remaining -= 1
            return state.remaining == 0 ? state.total : nil
        }
    }
}
