// Termination signals delivered through a signalfd on a loop, never through async signal handlers.
#if canImport(Glibc)
import Glibc
#endif
import CLinux
import Posix

/// Reads SIGTERM, SIGINT and SIGHUP from a signalfd registered on one loop.
/// `SignalWatcher.blockTerminationSignals()` must run on the main thread before any other thread
/// starts, so no thread receives them asynchronously.
public final class SignalWatcher: LoopHandler {
    private let context: LoopContext
    private let descriptor: Int32
    private let onSignal: (Int32) -> Void

    /// Blocks the termination signals in the calling thread (threads started later inherit the mask)
    /// and ignores SIGPIPE, so a peer that vanishes mid-write yields EPIPE instead of killing us.
    public static func blockTerminationSignals() {
        var set = sigset_t()
        _ = CLinux_blockTerminationSignals(&set)
        CLinux_ignoreSIGPIPE()
    }

    public init(context: LoopContext, onSignal: @escaping (Int32) -> Void) throws(SystemCallError) {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGHUP)
        self.context = context
        self.onSignal = onSignal
        descriptor = try retryingInterrupts("signalfd") { signalfd(-1, &set, Int32(SFD_NONBLOCK | SFD_CLOEXEC)) }
        try context.register(descriptor, interest: .readable, handler: self)
    }

    public func handleReadiness(_ readiness: Readiness) {
        var info = signalfd_siginfo()
        while read(descriptor, &info, MemoryLayout<signalfd_siginfo>.size) == MemoryLayout<signalfd_siginfo>.size {
            onSignal(Int32(info.ssi_signo))
        }
    }

    public func close() {
        context.deregister(descriptor)
        Glibc.close(descriptor)
    }
}

@available(*, unavailable, message: "a SignalWatcher belongs to one loop thread")
extension SignalWatcher: Sendable {}
