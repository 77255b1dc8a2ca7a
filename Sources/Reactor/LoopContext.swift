// Everything one loop thread owns: epoll, handlers, timers, the receive buffer, and the run loop itself.
#if canImport(Glibc)
import Glibc
#endif
import Buffers
import CLinux
import Posix

/// The loop-confined half of an event loop. Created on its thread, never leaves it.
public final class LoopContext {
    public let loop: EventLoop
    let epoll: Epoll
    private var registrations: [Registration?] = []
    var timers = TimerQueue()
    /// Callbacks waiting for answers from other threads (see `LoopTicket`).
    let tickets = TicketTable()
    private var pendingFlush: [any LoopFlushable] = []
    /// The batch being flushed; its storage is reused for the next batch (no allocation per iteration).
    private var flushing: [any LoopFlushable] = []
    private var running = true
    /// The monotonic time at the start of this iteration's dispatch (nanoseconds).
    public private(set) var now: UInt64 = MonotonicClock.now()
    /// Scratch space for reads: a connection with no spill-over reads here, so idle connections
    /// hold no receive buffer of their own (uWS's per-loop receive buffer).
    public let receiveBuffer: UnsafeMutableRawBufferPointer
    /// Spare output chunks shared by the loop's connections (a frame's chunk is reused, not freed).
    public let chunkPool = ChunkPool()
    /// Per-loop state of higher layers (the server's connection table, metrics), keyed by type.
    private var attachments: [ObjectIdentifier: AnyObject] = [:]
    private var mailbox: MailboxHandler?

    struct Registration {
        let handler: any LoopHandler
        let generation: UInt32
        var interest: Interest
    }
    private var nextGeneration: UInt32 = 1

    init(loop: EventLoop, receiveBufferSize: Int = 64 * 1024) throws(SystemCallError) {
        self.loop = loop
        self.epoll = try Epoll()
        receiveBuffer = .allocate(byteCount: receiveBufferSize, alignment: 16)
        let mailbox = MailboxHandler(context: self)
        self.mailbox = mailbox
        try register(loop.wakeupDescriptor, interest: .readable, handler: mailbox)
    }

    deinit { receiveBuffer.deallocate() }

    // MARK: Registration

    /// Starts delivering readiness of `descriptor` to `handler`. The loop keeps `handler` alive until
    /// `deregister`.
    public func register(_ descriptor: Int32, interest: Interest, handler: any LoopHandler) throws(SystemCallError) {
        let index = Int(descriptor)
        if index >= registrations.count {
            registrations.append(contentsOf: repeatElement(nil, count: max(index + 1 - registrations.count, 64)))
        }
        let generation = nextGeneration
        nextGeneration &+= 1
        try epoll.add(descriptor, interest: interest, token: Self.token(descriptor, generation))
        registrations[index] = Registration(handler: handler, generation: generation, interest: interest)
    }

    /// Changes what `descriptor` is watched for; a no-op when nothing changes.
    public func setInterest(_ interest: Interest, for descriptor: Int32) {
        let index = Int(descriptor)
        guard index < registrations.count, var registration = registrations[index],
              registration.interest != interest else { return }
        registration.interest = interest
        registrations[index] = registration
        try? epoll.modify(descriptor, interest: interest, token: Self.token(descriptor, registration.generation))
    }

    /// Stops watching `descriptor` (call before closing it) and releases its handler.
    public func deregister(_ descriptor: Int32) {
        let index = Int(descriptor)
        guard index < registrations.count, registrations[index] != nil else { return }
        epoll.remove(descriptor)
        registrations[index] = nil
    }

    /// The token carries a generation so an event queued for a descriptor that was closed and reused
    /// within the same epoll_wait batch is recognised as stale (nginx's `instance` bit).
    private static func token(_ descriptor: Int32, _ generation: UInt32) -> UInt64 {
        UInt64(generation) << 32 | UInt64(UInt32(bitPattern: descriptor))
    }

    // MARK: Per-iteration services

    /// Asks the loop to call `flushBeforeSleep` once, after the current event's dispatch or, for output
    /// queued by timers and jobs, before it next waits (redis's beforeSleep).
    public func flushBeforeSleep(_ flushable: any LoopFlushable) {
        pendingFlush.append(flushable)
    }

    public func attachment<T: AnyObject>(_ type: T.Type) -> T? {
        attachments[ObjectIdentifier(type)] as? T
    }

    public func setAttachment<T: AnyObject>(_ value: T?, for type: T.Type) {
        attachments[ObjectIdentifier(type)] = value
    }

    /// Ends `run()` after the current iteration.
    public func stop() { running = false }

    // MARK: The loop

    /// Runs until `stop()`: dispatch ready descriptors, fire due timers, flush queued output, sleep.
    func run() {
        let capacity = 256
        let events = UnsafeMutableBufferPointer<epoll_event>.allocate(capacity: capacity)
        defer { events.deallocate() }
        while running {
            flushPending()
            let timeout = waitTimeout()
            let count = epoll.wait(into: events, timeoutMilliseconds: timeout)
            now = MonotonicClock.now()
            for index in 0..<count {
                dispatch(events[index])
                // Write what this event produced before dispatching the next, as nginx does: a frame
                // read early in a large batch does not wait for the rest of the batch. Output for one
                // connection is still gathered per event (a relay leg has one source).
                flushPending()
            }
            while let timer = timers.popExpired(now: now) { timer.action() }
        }
        flushPending()
    }

    private func dispatch(_ event: epoll_event) {
        let token = event.data.u64
        let descriptor = Int(UInt32(truncatingIfNeeded: token))
        let generation = UInt32(truncatingIfNeeded: token >> 32)
        guard descriptor < registrations.count, let registration = registrations[descriptor],
              registration.generation == generation else { return }  // stale: closed in this batch
        registration.handler.handleReadiness(Readiness(rawValue: event.events))
    }

    private func flushPending() {
        // Flushing may queue more (a close completing another's write); loop until quiet. The two
        // arrays swap roles, so neither is copied or reallocated once both have grown.
        while !pendingFlush.isEmpty {
            swap(&pendingFlush, &flushing)
            for flushable in flushing { flushable.flushBeforeSleep() }
            flushing.removeAll(keepingCapacity: true)
        }
    }

    private func waitTimeout() -> Int32 {
        guard let deadline = timers.nextDeadline else { return -1 }
        let current = MonotonicClock.now()
        if deadline <= current { return 0 }
        // Round up so a timer never fires a millisecond early and spins.
        return Int32(min((deadline - current + 999_999) / 1_000_000, 3_600_000))
    }
}

@available(*, unavailable, message: "a LoopContext belongs to one loop thread")
extension LoopContext: Sendable {}
