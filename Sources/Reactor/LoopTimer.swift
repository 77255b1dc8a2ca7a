// One-shot timers for a loop, on a binary heap; re-arming later is a field write, not a heap operation.
import Posix

/// A re-armable one-shot timer owned by one loop (handshake, header and idle timeouts). Moving the
/// deadline later costs nothing: the heap entry fires, sees the new deadline and re-queues itself.
public final class LoopTimer {
    unowned let context: LoopContext
    let action: () -> Void
    /// When the action should run; nil when disarmed.
    public private(set) var deadline: UInt64?
    /// The deadline of this timer's live heap entry, if one is queued.
    var queuedDeadline: UInt64?

    /// `action` runs on the loop thread when the timer fires.
    public init(context: LoopContext, action: @escaping () -> Void) {
        self.context = context
        self.action = action
    }

    /// Arms (or re-arms) the timer to fire `nanoseconds` from the loop's current time.
    public func schedule(after nanoseconds: UInt64) {
        schedule(at: context.now &+ nanoseconds)
    }

    public func schedule(at newDeadline: UInt64) {
        deadline = newDeadline
        if let queued = queuedDeadline, queued <= newDeadline { return }
        queuedDeadline = newDeadline
        context.timers.push(newDeadline, self)
    }

    public func cancel() { deadline = nil }
}

@available(*, unavailable, message: "a LoopTimer belongs to one loop thread")
extension LoopTimer: Sendable {}

/// Min-heap of (deadline, timer). Entries whose timer moved or was cancelled are skipped when popped.
struct TimerQueue {
    private var heap: [(deadline: UInt64, timer: LoopTimer)] = []

    var nextDeadline: UInt64? { heap.first?.deadline }
    var count: Int { heap.count }

    mutating func push(_ deadline: UInt64, _ timer: LoopTimer) {
        heap.append((deadline, timer))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            if heap[parent].deadline <= heap[child].deadline { break }
            heap.swapAt(parent, child)
            child = parent
        }
    }

    /// Removes and returns the next timer due at `now`, already disarmed, or nil when none is due.
    /// The caller runs its action outside this mutating access: actions re-arm timers.
    mutating func popExpired(now: UInt64) -> LoopTimer? {
        while let first = heap.first, first.deadline <= now {
            let entry = popMin()
            let timer = entry.timer
            guard timer.queuedDeadline == entry.deadline else { continue }  // superseded by an earlier entry
            timer.queuedDeadline = nil
            guard let deadline = timer.deadline else { continue }          // cancelled
            if deadline > now {
                timer.queuedDeadline = deadline                            // moved later: wait again
                push(deadline, timer)
                continue
            }
            timer.cancel()
            return timer
        }
        return nil
    }

    private mutating func popMin() -> (deadline: UInt64, timer: LoopTimer) {
        let last = heap.removeLast()
        guard !heap.isEmpty else { return last }
        let minimum = heap[0]
        heap[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            if left >= heap.count { break }
            let right = left + 1
            let smaller = right < heap.count && heap[right].deadline < heap[left].deadline ? right : left
            if heap[parent].deadline <= heap[smaller].deadline { break }
            heap.swapAt(parent, smaller)
            parent = smaller
        }
        return minimum
    }
}
