// A thread-safe list for results recorded on a loop thread and read by the test thread.
import Synchronization

/// Results written on the loop thread and read by the test thread.
public final class Recorder<Value: Sendable>: Sendable {
    private let storage: Mutex<[Value]>
    public init() { storage = Mutex([]) }
    public func append(_ value: Value) { storage.withLock { $0.append(value) } }
    public var values: [Value] { storage.withLock { $0 } }
}

