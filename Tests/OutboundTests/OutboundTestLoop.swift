// A running loop for Outbound tests, and a way to run loop-side code and await its answer.
import Reactor

/// One loop for one test; stopped when released.
final class OutboundTestLoop: Sendable {
    let group: LoopGroup

    init() throws {
        group = try LoopGroup(count: 1, threadName: "test")
        try group.start { _ in }
    }

    /// Runs `body` on the loop and waits (up to `seconds`) for it to call its `done` with a value.
    func run<Value: Sendable>(seconds: Double = 10,
                              _ body: @escaping @Sendable (LoopContext, @escaping @Sendable (Value) -> Void) -> Void)
        async throws -> Value {
        let result: Result<Value, TestLoopTimeout> = await group.loops[0].run { context, done in
            let watchdog = LoopTimer(context: context) { done(.failure(TestLoopTimeout(seconds: seconds))) }
            watchdog.schedule(after: UInt64(seconds * 1e9))
            body(context) { value in done(.success(value)) }
        }
        return try result.get()
    }

    deinit {
        group.stop()
        group.join()
    }
}

struct TestLoopTimeout: Error, CustomStringConvertible {
    let seconds: Double
    var description: String { "the loop-side operation did not finish within \(seconds) s" }
}

/// A loop-side result reduced to something Sendable and comparable: the value, or the error's words.
enum Outcome<Value: Sendable & Equatable>: Sendable, Equatable {
    case success(Value)
    case failure(String)

    init<Failure: Error>(_ result: Result<Value, Failure>) {
        switch result {
        case .success(let value): self = .success(value)
        case .failure(let error): self = .failure("\(error)")
        }
    }

    var failureMessage: String? {
        if case .failure(let message) = self { return message }
        return nil
    }
}
