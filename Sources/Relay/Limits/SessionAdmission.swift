// Admission of new sessions across all loops: the relay-wide and per-address counts and rates.
import Posix
import Synchronization

/// Shared by every loop, touched only when a session starts or ends (never per frame), so a mutex
/// is the simple right tool here.
final class SessionAdmission: Sendable {
    enum Verdict: Equatable {
        case admitted
        case relayFull
        case tooManyFromClient
        case tooFastFromClient
    }

    private struct Bucket {
        var tokens: Double
        var updated: UInt64
    }

    private struct State {
        var active = 0
        var perClient: [String: Int] = [:]
        var buckets: [String: Bucket] = [:]
    }

    private let limits: RelayLimits
    private let state = Mutex(State())
    /// Rate buckets kept at most; full ones are forgotten first (they carry no information).
    private let maxTrackedClients = 100_000

    init(limits: RelayLimits) {
        self.limits = limits
    }

    /// Counts a new session from `client` if the limits allow it; `release` must follow an admission.
    func admit(client: String, now: UInt64 = MonotonicClock.now()) -> Verdict {
        state.withLock { state in
            let perMinute = Double(limits.newSessionsPerClientPerMinute)
            var bucket = state.buckets[client] ?? Bucket(tokens: perMinute, updated: now)
            bucket.tokens = min(perMinute, bucket.tokens + Double(now &- bucket.updated) / 60e9 * perMinute)
            bucket.updated = now
            defer {
                state.buckets[client] = bucket
                if state.buckets.count > maxTrackedClients { Self.prune(&state.buckets, capacity: perMinute, now: now) }
            }
            guard bucket.tokens >= 1 else { return .tooFastFromClient }
            bucket.tokens -= 1
            guard state.active < limits.maxSessions else { return .relayFull }
            guard state.perClient[client, default: 0] < limits.maxSessionsPerClient else { return .tooManyFromClient }
            state.active += 1
            state.perClient[client, default: 0] += 1
            return .admitted
        }
    }

    func release(client: String) {
        state.withLock { state in
            state.active -= 1
            let remaining = state.perClient[client, default: 1] - 1
            state.perClient[client] = remaining > 0 ? remaining : nil
        }
    }

    var activeSessions: Int { state.withLock { $0.active } }

    private static func prune(_ buckets: inout [String: Bucket], capacity: Double, now: UInt64) {
        buckets = buckets.filter { $0.value.tokens + Double(now &- $0.value.updated) / 60e9 * capacity < capacity }
    }
}
