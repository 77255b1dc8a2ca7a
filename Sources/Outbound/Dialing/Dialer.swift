// Opening an outgoing stream on a loop: resolve off the loop, connect to each address in turn, then TLS.
#if canImport(Glibc)
import Glibc
#endif
import Posix
import Reactor
import TLS

/// Opens one outgoing `ByteStream` to a `DialTarget` on a loop: the name is resolved on a resolver
/// thread, the addresses are tried in the resolver's order (IPv6 and IPv4) until one accepts, and
/// with TLS the handshake completes before success is reported. The whole dial shares one deadline.
///
/// The completion runs exactly once, on the loop. On success it must install the stream's delegate
/// before returning (until then the dialer is the delegate and nothing has been read).
public final class Dialer: ByteStreamDelegate {
    public typealias Completion = (Result<any ByteStream, DialError>) -> Void

    private let target: DialTarget
    private let context: LoopContext
    private let deadline: UInt64
    private let timeoutSeconds: Double
    private var completion: Completion?
    private var addresses: [SocketAddress] = []
    private var attempt: (any ByteStream)?
    private var attemptAddress: SocketAddress?
    private var timer: LoopTimer?

    @discardableResult
    public static func dial(_ target: DialTarget, context: LoopContext, timeout: Double,
                            resolver: NameResolver = .shared, completion: @escaping Completion) -> Dialer {
        let dialer = Dialer(target: target, context: context, timeout: timeout, completion: completion)
        dialer.start(resolver: resolver)
        return dialer
    }

    private init(target: DialTarget, context: LoopContext, timeout: Double, completion: @escaping Completion) {
        self.target = target
        self.context = context
        self.timeoutSeconds = timeout
        self.deadline = context.now &+ Nanoseconds.seconds(timeout)
        self.completion = completion
    }

    private func start(resolver: NameResolver) {
        let timer = LoopTimer(context: context) { [weak self] in
            guard let self else { return }
            let stream = attempt
            attempt = nil
            finish(.failure(.timedOut(target: target.description, seconds: timeoutSeconds)))
            stream?.close(error: nil)
        }
        timer.schedule(at: deadline)
        self.timer = timer
        context.resolve(host: target.host, port: target.port, timeout: timeoutSeconds, resolver: resolver) { [self] result in
            guard completion != nil else { return }
            switch result {
            case .success(let found) where !found.isEmpty:
                addresses = found
                tryNextAddress(lastError: nil)
            case .success:
                finish(.failure(.resolution(AddressResolutionError(host: target.host, message: "no addresses"))))
            case .failure(let error):
                finish(.failure(.resolution(error)))
            }
        }
    }

    private func tryNextAddress(lastError: (any Error)?) {
        guard completion != nil else { return }
        guard !addresses.isEmpty else {
            let address = attemptAddress.map { "\($0)" } ?? target.description
            return finish(.failure(.connect(target: target.description, address: address,
                                            underlying: lastError ?? SystemCallError("connect", errno: 0))))
        }
        let address = addresses.removeFirst()
        attemptAddress = address
        let remaining = deadline > context.now ? deadline &- context.now : 1
        do {
            if let tls = target.tls {
                attempt = try TLSStream.connect(to: address, serverName: target.host, configuration: tls,
                                                context: context, timeout: remaining, delegate: self)
            } else {
                attempt = try TCPConnection.connect(to: address, context: context, timeout: remaining, delegate: self)
            }
        } catch {
            tryNextAddress(lastError: error)
        }
    }

    private func finish(_ result: Result<any ByteStream, DialError>) {
        timer?.cancel()
        guard let completion else { return }
        self.completion = nil
        completion(result)
    }

    // MARK: ByteStreamDelegate (only until the stream is handed over)

    public func streamEstablished(_ stream: any ByteStream) {
        attempt = nil
        finish(.success(stream))
    }

    public func stream(_ stream: any ByteStream, received bytes: UnsafeMutableRawBufferPointer) -> Int { 0 }

    public func streamReachedEndOfInput(_ stream: any ByteStream) { stream.close(error: nil) }

    public func streamBecameWritable(_ stream: any ByteStream) {}

    public func streamClosed(_ stream: any ByteStream, error: (any Error)?) {
        guard completion != nil, stream === attempt else { return }
        attempt = nil
        // A certificate or protocol failure is the server's answer: another address of the same
        // name would give the same. Only connection failures move on.
        if let tlsError = error as? TLSError {
            return finish(.failure(.tls(target: target.description, tlsError)))
        }
        tryNextAddress(lastError: error ?? SystemCallError("connect", errno: ECONNRESET))
    }
}

@available(*, unavailable, message: "a Dialer belongs to one loop thread")
extension Dialer: Sendable {}
