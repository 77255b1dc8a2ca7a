// EventLoop jobs from other threads, and timers: order, re-arming later, cancelling.
import Posix
import Reactor
import Synchronization
import Testing
import TestSupport

@Suite struct EventLoopTests {
    @Test func jobsFromAnotherThreadRunOnTheLoopThread() throws {
        let running = try RunningLoop()
        let seen = Recorder<Bool>()
        let loop = running.loop
        #expect(!loop.inEventLoop)
        for _ in 0..<100 { loop.execute { context in seen.append(context.loop.inEventLoop) } }
        #expect(eventually { seen.values.count == 100 })
        #expect(seen.values.allSatisfy { $0 })
    }

    @Test func timersFireInDeadlineOrder() throws {
        let running = try RunningLoop()
        let fired = Recorder<Int>()
        running.loop.execute { context in
            for delay in [30, 10, 20] {
                let timer = LoopTimer(context: context) { fired.append(delay) }
                timer.schedule(after: Nanoseconds.milliseconds(delay))
                context.setAttachment(timer, for: LoopTimer.self)  // the last one kept; others live in the heap
            }
        }
        #expect(eventually { fired.values.count == 3 })
        #expect(fired.values == [10, 20, 30])
    }

    @Test func movingATimerLaterDelaysItAndCancellingStopsIt() throws {
        let running = try RunningLoop()
        let fired = Recorder<(String, UInt64)>()
        let start = MonotonicClock.now()
        running.loop.execute { context in
            let moved = LoopTimer(context: context) { fired.append(("moved", MonotonicClock.now())) }
            moved.schedule(after: Nanoseconds.milliseconds(10))
            moved.schedule(after: Nanoseconds.milliseconds(120))
            let cancelled = LoopTimer(context: context) { fired.append(("cancelled", MonotonicClock.now())) }
            cancelled.schedule(after: Nanoseconds.milliseconds(20))
            cancelled.cancel()
            let marker = LoopTimer(context: context) { fired.append(("marker", MonotonicClock.now())) }
            marker.schedule(after: Nanoseconds.milliseconds(200))
        }
        #expect(eventually { fired.values.count >= 2 })
        let names = fired.values.map(\.0)
        #expect(names == ["moved", "marker"])
        #expect(fired.values[0].1 - start >= Nanoseconds.milliseconds(120))
    }
}
