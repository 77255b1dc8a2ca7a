// Helpers for reactor tests: a running one-loop group and a thread-safe box for results.
#if canImport(Glibc)
import Glibc
#endif
import Posix
import Reactor
import Synchronization

/// Starts a single loop for one test; stops and joins it when released.
final class RunningLoop {
    let group: LoopGroup
    var loop: EventLoop { group.loops[0] }

    init() throws {
        group = try LoopGroup(count: 1)
        try group.start { _ in }
    }

    deinit {
        group.stop()
        group.join()
    }
}

/// A connected pair of stream sockets; `[0]` goes to the loop, `[1]` stays with the test.
func socketPair() -> (loopSide: Int32, testSide: Int32) {
    var fds: [Int32] = [0, 0]
    _ = socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds)
    let flags = fcntl(fds[0], F_GETFL)
    _ = fcntl(fds[0], F_SETFL, flags | O_NONBLOCK)
    return (fds[0], fds[1])
}

let unnamedPeer = SocketAddress(storage: sockaddr_storage(), length: 0)
