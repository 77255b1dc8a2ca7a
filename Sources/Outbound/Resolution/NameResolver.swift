// Host names resolved on resolver threads, so a slow DNS server never stalls an event loop.
#if canImport(Glibc)
import Glibc
#endif
import CLinux
import Posix
import Reactor
import Synchronization

/// Runs `getaddrinfo` (which blocks, for as long as DNS takes) on a few dedicated threads and
/// hands the answers back through a completion. Numeric addresses are answered at once, on the
/// caller's thread. Answers are kept for `cacheSeconds`, so a burst of sessions to the same
/// upstream costs one lookup. Callers on a loop use `LoopContext.resolve`, which adds a timeout.
public final class NameResolver: Sendable {
    public typealias Completion = @Sendable (Result<[SocketAddress], AddressResolutionError>) -> Void

    /// The process's resolver: two threads, started on first use.
    public static let shared = NameResolver(threads: 2)

    private struct Lookup {
        let host: String
        let port: Int
        let completion: Completion
    }

    private struct CachedAnswer {
        let addresses: [SocketAddress]
        let expires: UInt64
    }

    private let threadCount: Int
    private let cacheNanoseconds: UInt64
    private let pending = Mutex<(lookups: [Lookup], started: Bool)>(([], false))
    private let cache = Mutex<[String: CachedAnswer]>([:])
    /// An eventfd in semaphore mode: one count per queued lookup; workers block reading it.
    private let semaphore: Int32

    /// The blocking lookup (getaddrinfo); tests substitute a slow or scripted one.
    private let lookup: @Sendable (String, Int) throws -> [SocketAddress]

    public init(threads: Int, cacheSeconds: Double = 30,
                lookup: @escaping @Sendable (String, Int) throws -> [SocketAddress] = { host, port in
                    try SocketAddress.resolve(host: host, port: port, passive: false)
                }) {
        self.lookup = lookup
        threadCount = max(1, threads)
        cacheNanoseconds = Nanoseconds.seconds(cacheSeconds)
        semaphore = eventfd(0, Int32(EFD_SEMAPHORE | EFD_CLOEXEC))
    }

    /// Resolves `host` for connecting to `port` (IPv6 and IPv4, in the system's preferred order).
    /// `completion` runs exactly once, on a resolver thread or, for numeric hosts and cached
    /// answers, before this returns.
    public func resolve(host: String, port: Int, completion: @escaping Completion) {
        if let numeric = SocketAddress.numeric(host: host, port: port) {
            return completion(.success([numeric]))
        }
        let key = host.lowercased()
        let now = MonotonicClock.now()
        if let cached = cache.withLock({ $0[key] }), cached.expires > now {
            return completion(.success(cached.addresses.map { $0.withPort(port) }))
        }
        let startWorkers = pending.withLock { state in
            state.lookups.append(Lookup(host: host, port: port, completion: completion))
            defer { state.started = true }
            return !state.started
        }
        if startWorkers { startThreads() }
        var one: UInt64 = 1
        _ = write(semaphore, &one, 8)
    }

    private func startThreads() {
        for index in 0..<threadCount {
            do {
                try NamedThread.detach(name: "resolver-\(index)") { [self] in work() }
            } catch {
                // Without a resolver thread names cannot resolve; numeric hosts still work.
                failAll(AddressResolutionError(host: "-", message: "cannot start a resolver thread: \(error)"))
                return
            }
        }
    }

    private func work() {
        while true {
            var count: UInt64 = 0
            guard read(semaphore, &count, 8) == 8 else {
                if errno == EINTR { continue }
                return
            }
            guard let lookup = pending.withLock({ $0.lookups.isEmpty ? nil : $0.lookups.removeFirst() }) else { continue }
            let result: Result<[SocketAddress], AddressResolutionError>
            do {
                let addresses = try self.lookup(lookup.host, lookup.port)
                let expires = MonotonicClock.now() &+ cacheNanoseconds
                cache.withLock { $0[lookup.host.lowercased()] = CachedAnswer(addresses: addresses, expires: expires) }
                result = .success(addresses)
            } catch let error as AddressResolutionError {
                result = .failure(error)
            } catch {
                result = .failure(AddressResolutionError(host: lookup.host, message: "\(error)"))
            }
            lookup.completion(result)
        }
    }

    private func failAll(_ error: AddressResolutionError) {
        let lookups = pending.withLock { state in
            defer { state.lookups.removeAll() }
            return state.lookups
        }
        for lookup in lookups { lookup.completion(.failure(error)) }
    }
}
