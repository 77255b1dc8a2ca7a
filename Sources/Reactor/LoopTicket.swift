// Bringing an answer from another thread (a resolver, a token fetch) back to loop-confined code.

/// A claim on a callback waiting on one loop. Another thread completes it with a Sendable value;
/// the callback then runs on the loop, where it may touch loop-confined state. Only the first
/// completion counts, so a timeout on the loop and a late answer can race safely.
public struct LoopTicket<Value: Sendable>: Sendable {
    let loop: EventLoop
    let id: UInt64

    /// Completes from any thread: the callback runs on the ticket's loop during its next iteration.
    public func complete(_ value: Value) {
        let id = self.id
        loop.execute { context in context.tickets.complete(id, value) }
    }

    /// Completes on the loop itself, at once (a timeout). Call only on the ticket's loop.
    public func completeNow(_ value: Value, in context: LoopContext) {
        context.tickets.complete(id, value)
    }
}

/// The callbacks a loop holds for outstanding tickets. Loop-confined.
final class TicketTable {
    private var nextID: UInt64 = 0
    private var callbacks: [UInt64: (Any) -> Void] = [:]

    func add<Value>(_ callback: @escaping (Value) -> Void) -> UInt64 {
        let id = nextID
        nextID &+= 1
        callbacks[id] = { value in callback(value as! Value) }
        return id
    }

    func complete(_ id: UInt64, _ value: Any) {
        // Removed before running: a callback that takes another ticket cannot see itself.
        guard let callback = callbacks.removeValue(forKey: id) else { return }
        callback(value)
    }

    var outstanding: Int { callbacks.count }
}

@available(*, unavailable, message: "a TicketTable belongs to one loop thread")
extension TicketTable: Sendable {}

extension LoopContext {
    /// Registers `callback` to run on this loop when the returned ticket is completed (once).
    public func makeTicket<Value: Sendable>(_ callback: @escaping (Value) -> Void) -> LoopTicket<Value> {
        LoopTicket(loop: loop, id: tickets.add(callback))
    }
}
