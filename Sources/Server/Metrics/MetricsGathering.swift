// Collects one snapshot from every loop for a /metrics scrape, then hands the sum back to one loop.
import Synchronization

/// Counts replies from the loops; the last one to report gets the combined snapshot. Sendable via Mutex.
final class MetricsGathering: Sendable {
    private let state: Mutex<(remaining: Int, total: HTTPCounters, extra: [MetricFamily])>

    init(loops: Int) {
        state = Mutex((loops, HTTPCounters(), []))
    }

    /// Adds one loop's snapshot and application families; returns the totals when this was the
    /// last loop expected.
    func add(_ snapshot: HTTPCounters, extra: [MetricFamily]) -> (HTTPCounters, [MetricFamily])? {
        state.withLock { state in
            state.total.add(snapshot)
            for family in extra {
                if let index = state.extra.firstIndex(where: { $0.name == family.name }) {
                    state.extra[index].add(family)
                } else {
                    state.extra.append(family)
                }
            }
            state.remaining -= 1
            return state.remaining == 0 ? (state.total, state.extra) : nil
        }
    }
}
