// The epoll instance of one loop: register, modify, remove, wait. Level-triggered, like redis and libuv.
#if canImport(Glibc)
import Glibc
#endif
import CLinux
import Posix

struct Epoll: ~Copyable {
    let fd: Int32

    init() throws(SystemCallError) {
        fd = try retryingInterrupts("epoll_create1") { epoll_create1(Int32(EPOLL_CLOEXEC)) }
    }

    deinit { close(fd) }

    /// `token` comes back with every event for `descriptor` (fd and generation, see LoopContext).
    func add(_ descriptor: Int32, interest: Interest, token: UInt64) throws(SystemCallError) {
        try control(EPOLL_CTL_ADD, descriptor, interest, token, name: "epoll_ctl(ADD)")
    }

    func modify(_ descriptor: Int32, interest: Interest, token: UInt64) throws(SystemCallError) {
        try control(EPOLL_CTL_MOD, descriptor, interest, token, name: "epoll_ctl(MOD)")
    }

    func remove(_ descriptor: Int32) {
        var event = epoll_event()
        _ = epoll_ctl(fd, EPOLL_CTL_DEL, descriptor, &event)
    }

    /// Waits up to `timeoutMilliseconds` (-1: forever) and returns how many events were stored.
    func wait(into events: UnsafeMutableBufferPointer<epoll_event>, timeoutMilliseconds: Int32) -> Int {
        let count = epoll_wait(fd, events.baseAddress, Int32(events.count), timeoutMilliseconds)
        return count < 0 ? 0 : Int(count)  // EINTR: an empty round, timers are re-checked
    }

    private func control(_ operation: Int32, _ descriptor: Int32, _ interest: Interest, _ token: UInt64, name: String) throws(SystemCallError) {
        var event = epoll_event()
        event.events = interest.rawValue
        event.data.u64 = token
        if epoll_ctl(fd, operation, descriptor, &event) != 0 {
            throw SystemCallError(name, errno: errno)
        }
    }
}
