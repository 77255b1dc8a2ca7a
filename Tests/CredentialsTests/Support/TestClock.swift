// A WallClock tests move by hand; sleeps either wait for `advance` or advance the clock themselves.
import Credentials
import Synchronization

final class TestClock: WallClock {
    private struct Sleeper {
        let id: Int
        let deadline: Int64
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now: Int64
        var sleepers: [Sleeper] = []
        var cancelled: Set<Int> = []
        var nextID = 0
        var slept: [Double] = []
    }

    private let state: Mutex<State>
    /// When true, `sleep` returns at once and moves the clock forward (for retry delays); otherwise it
    /// waits until a test calls `advance`.
    let autoAdvance: Bool

    init(now: Int64 = 1_700_000_000, autoAdvance: Bool = false) {
        state = Mutex(State(now: now))
        self.autoAdvance = autoAdvance
    }

    func now() -> Int64 { state.withLock { $0.now } }

    /// Every sleep requested so far, in seconds.
    var sleeps: [Double] { state.withLock { $0.slept } }

    /// Tasks currently waiting in `sleep`.
    var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    func sleep(seconds: Double) async throws {
        let id: Int = state.withLock { state in
            state.slept.append(seconds)
            state.nextID += 1
            return state.nextID
        }
        if autoAdvance {
            state.withLock { $0.now += Int64(seconds.rounded(.up)) }
            return
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome: Result<Void, any Error>? = state.withLock { state in
                    if state.cancelled.contains(id) || Task.isCancelled { return .failure(CancellationError()) }
                    let deadline = state.now + Int64(seconds.rounded(.up))
                    if deadline <= state.now { return .success(()) }
                    state.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let sleeper: Sleeper? = state.withLock { state in
                guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else {
                    state.cancelled.insert(id)
                    return nil
                }
                return state.sleepers.remove(at: index)
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves the clock forward and wakes every sleeper whose deadline has come.
    func advance(by seconds: Int64) {
        let due: [Sleeper] = state.withLock { state in
            state.now += seconds
            let now = state.now
            let due = state.sleepers.filter { $0.deadline <= now }
            state.sleepers.removeAll { $0.deadline <= now }
            return due
        }
        for sleeper in due { sleeper.continuation.resume() }
    }
}
