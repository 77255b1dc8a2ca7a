// Name resolution for code on a loop: the answer comes back on the loop, or a timeout does.
import Posix
import Reactor

extension LoopContext {
    /// Resolves `host` off the loop; `callback` runs on this loop exactly once, with the addresses
    /// or an error (a failed lookup, or no answer within `timeout` seconds: a lookup stuck in DNS
    /// keeps its resolver thread, not the caller). Only numeric hosts answer before this returns.
    public func resolve(host: String, port: Int, timeout: Double, resolver: NameResolver = .shared,
                        _ callback: @escaping (Result<[SocketAddress], AddressResolutionError>) -> Void) {
        if let numeric = SocketAddress.numeric(host: host, port: port) { return callback(.success([numeric])) }
        var expiry: LoopTimer?
        let ticket = makeTicket { (result: Result<[SocketAddress], AddressResolutionError>) in
            expiry?.cancel()
            callback(result)
        }
        let timer = LoopTimer(context: self) { [unowned self] in
            let error = AddressResolutionError(host: host, message: "no answer from DNS within \(timeout) s")
            ticket.completeNow(.failure(error), in: self)
        }
        expiry = timer
        timer.schedule(after: Nanoseconds.seconds(timeout))
        resolver.resolve(host: host, port: port) { ticket.complete($0) }
    }
}
