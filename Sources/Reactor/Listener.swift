// A loop's own listening socket (SO_REUSEPORT): accepts in batches and survives running out of descriptors.
#if canImport(Glibc)
import Glibc
#endif
import Posix

/// Accepts connections on one loop. Each loop has its own listening socket bound to the same
/// address, so the kernel spreads connections across loops and none ever changes thread.
public final class Listener: LoopHandler {
    public let context: LoopContext
    public private(set) var descriptor: Int32
    private let onAccept: (Int32, SocketAddress) -> Void
    private let onError: (SystemCallError) -> Void
    /// A descriptor held in reserve: when accept fails with EMFILE, closing it frees one slot to
    /// accept and immediately close the waiting connection, so the listener does not spin on a
    /// backlog it cannot take (libuv's emfile trick). Existing connections are untouched.
    private var reserveDescriptor: Int32 = -1
    private var resumeTimer: LoopTimer?
    /// Accepts per readiness event: bounded so a connection storm does not starve established peers.
    private let batchSize = 64

    /// Registers `descriptor` (a listening socket) with the loop.
    public init(context: LoopContext, descriptor: Int32,
                onAccept: @escaping (Int32, SocketAddress) -> Void,
                onError: @escaping (SystemCallError) -> Void) throws(SystemCallError) {
        self.context = context
        self.descriptor = descriptor
        self.onAccept = onAccept
        self.onError = onError
        reserveDescriptor = open("/dev/null", O_RDONLY | O_CLOEXEC)
        try context.register(descriptor, interest: .readable, handler: self)
    }

    public func handleReadiness(_ readiness: Readiness) {
        for _ in 0..<batchSize {
            guard descriptor >= 0 else { return }
            switch Socket.accept(from: descriptor) {
            case .accepted(let fd, let peer):
                onAccept(fd, peer)
            case .wouldBlock:
                return
            case .failed(let error):
                handleAcceptFailure(error)
                return
            }
        }
    }

    private func handleAcceptFailure(_ error: SystemCallError) {
        onError(error)
        if error.errno == EMFILE && reserveDescriptor >= 0 {
            // Free one slot, take the waiting connection and close it: the peer sees a close
            // instead of hanging in the backlog, and epoll stops reporting the listener ready.
            Glibc.close(reserveDescriptor)
            reserveDescriptor = -1
            if case .accepted(let fd, _) = Socket.accept(from: descriptor) { Glibc.close(fd) }
            reserveDescriptor = open("/dev/null", O_RDONLY | O_CLOEXEC)
        }
        // ENFILE, ENOBUFS, ENOMEM, or no reserve to spend: stop watching for a moment instead of
        // spinning on a listener that stays readable.
        pauseAccepting(for: Nanoseconds.milliseconds(100))
    }

    private func pauseAccepting(for duration: UInt64) {
        guard descriptor >= 0 else { return }
        context.setInterest([], for: descriptor)
        let timer = resumeTimer ?? LoopTimer(context: context) { [weak self] in
            guard let self, self.descriptor >= 0 else { return }
            self.context.setInterest(.readable, for: self.descriptor)
        }
        resumeTimer = timer
        timer.schedule(after: duration)
    }

    /// Closes the listening socket: no new connections on this loop (draining).
    public func close() {
        guard descriptor >= 0 else { return }
        resumeTimer?.cancel()
        context.deregister(descriptor)
        Glibc.close(descriptor)
        descriptor = -1
        if reserveDescriptor >= 0 {
            Glibc.close(reserveDescriptor)
            reserveDescriptor = -1
        }
    }
}

@available(*, unavailable, message: "a Listener belongs to one loop thread")
extension Listener: Sendable {}
