// Awaiting loop-side work from async code (the doctor command, tests): a job and a continuation.
import Synchronization

extension EventLoop {
    /// Runs `body` on this loop and suspends until it calls `done` (only the first call counts).
    /// `body` must arrange for `done` to be called, on every path, within its own timeouts.
    public func run<Value: Sendable>(
        _ body: @escaping @Sendable (LoopContext, @escaping @Sendable (Value) -> Void) -> Void
    ) async -> Value {
        await withCheckedContinuation { (continuation: CheckedContinuation<Value, Never>) in
            let once = OnceFlag()
            execute { context in
                body(context) { value in
                    if once.claim() { continuation.resume(returning: value) }
                }
            }
        }
    }
}

/// True for the first `claim()` only, from any thread.
final class OnceFlag: Sendable {
    private let claimed = Atomic<Bool>(false)
    func claim() -> Bool { claimed.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged }
}
