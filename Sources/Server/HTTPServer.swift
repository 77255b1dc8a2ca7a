// The HTTP server: binds one listening socket per loop, serves requests, drains on SIGTERM.
#if canImport(Glibc)
import Glibc
#endif
import Logging
import Posix
import Reactor
import Synchronization

/// Owns the loop group and the server-wide state. Sendable: immutable configuration, atomics, and
/// loops reached only through jobs.
package final class HTTPServer: Sendable {
    package let configuration: ServerConfiguration
    package let lifecycle = ServerLifecycle()
    let staticFiles: StaticFileResolver?
    let group: LoopGroup
    private let drainedLoops = Atomic<Int>(0)

    /// Validates the configuration (the public directory must exist) and creates the loops.
    package init(configuration: ServerConfiguration) throws {
        self.configuration = configuration
        staticFiles = try configuration.publicDirectory.map { path throws(StaticRootError) in
            try StaticFileResolver(root: path)
        }
        group = try LoopGroup(count: max(1, configuration.threads))
    }

    /// Binds and starts serving; returns the bound address (the real port when `port` was 0).
    /// With `handleSignals`, SIGTERM/SIGINT start a drain and a second one stops at once; call
    /// `SignalWatcher.blockTerminationSignals()` on the main thread first.
    @discardableResult
    package func start(handleSignals: Bool = false) throws -> SocketAddress {
        let descriptors = try bindListeners()
        let address = try Socket.localAddress(of: descriptors[0])
        try group.start { [self] context in
            let state = ServerLoopState(context: context, server: self)
            context.setAttachment(state, for: ServerLoopState.self)
            state.listener = try Listener(
                context: context, descriptor: descriptors[context.loop.index],
                onAccept: { [unowned state] fd, peer in state.accept(descriptor: fd, peer: peer) },
                onError: { [unowned state] error in
                    state.metrics.acceptErrors += 1
                    state.logger.warning("accept failed; pausing the listener for 100 ms",
                                         metadata: ["error": "\(error)", "loop": "\(context.loop.index)"])
                })
            if handleSignals && context.loop.index == 0 {
                let watcher = try SignalWatcher(context: context) { [self] signal in
                    self.received(signal: signal)
                }
                context.setAttachment(watcher, for: SignalWatcher.self)
            }
        }
        configuration.logger.info("listening", metadata: [
            "address": "\(address)", "threads": "\(group.loops.count)", "public": "\(staticFiles?.root ?? "none")",
        ])
        return address
    }

    /// One socket per loop, all bound to the same address with SO_REUSEPORT. The first binds the
    /// requested port (possibly 0); the others bind the port it got.
    private func bindListeners() throws -> [Int32] {
        guard let requested = try SocketAddress.resolve(host: configuration.host, port: configuration.port).first else {
            throw AddressResolutionError(host: configuration.host, message: "no addresses")
        }
        var descriptors: [Int32] = []
        do {
            let first = try Socket.listen(on: requested, reusePort: true)
            descriptors.append(first)
            let port = try Socket.localAddress(of: first).port
            let shared = try SocketAddress.resolve(host: configuration.host, port: port)[0]
            for _ in 1..<group.loops.count {
                descriptors.append(try Socket.listen(on: shared, reusePort: true))
            }
        } catch let error as SystemCallError where error.errno == EADDRINUSE {
            descriptors.forEach { _ = close($0) }
            throw ServerStartError(message: "port \(configuration.port) on \(configuration.host) is already in use; "
                                   + "stop the other server or pass --port (or PORT) with a free port")
        } catch {
            descriptors.forEach { _ = close($0) }
            throw error
        }
        return descriptors
    }

    private func received(signal: Int32) {
        let name = signal == SIGINT ? "SIGINT" : signal == SIGHUP ? "SIGHUP" : "SIGTERM"
        if lifecycle.isDraining {
            configuration.logger.warning("second \(name): stopping now")
            group.stop()
        } else {
            configuration.logger.info("\(name): draining", metadata: [
                "drain_timeout_seconds": "\(configuration.drainTimeout)",
            ])
            beginDrain()
        }
    }

    /// Starts a graceful shutdown: /readyz turns 503, listeners close, idle connections close,
    /// in-flight requests finish; each loop stops when it is empty or after `drainTimeout`.
    package func beginDrain() {
        guard lifecycle.beginDraining() else { return }
        for loop in group.loops {
            loop.execute { context in context.attachment(ServerLoopState.self)?.beginDrain() }
        }
    }

    /// Loops stop together once every one has drained, so a loop that is done still answers
    /// jobs (a /metrics scrape on another loop gathers from all of them).
    func loopFinishedDraining(_ context: LoopContext) {
        if drainedLoops.add(1, ordering: .relaxed).newValue == group.loops.count { group.stop() }
    }

    /// Stops every loop now, without draining.
    package func stop() { group.stop() }

    /// Blocks until every loop has stopped (after a drain or `stop()`).
    package func waitUntilStopped() {
        group.join()
        configuration.logger.info("stopped")
    }

    /// Asks every loop for its counters; the total is delivered on `replyLoop` to connection `id`.
    func gatherMetrics(replyLoop: EventLoop, connectionID id: UInt64) {
        let gathering = MetricsGathering(loops: group.loops.count)
        for loop in group.loops {
            let sources = configuration.metricsSources
            loop.execute { context in
                let snapshot = context.attachment(ServerLoopState.self)?.snapshot() ?? HTTPCounters()
                let extra = sources.flatMap { $0.families(on: context) }
                guard let (total, families) = gathering.add(snapshot, extra: extra) else { return }
                replyLoop.execute { context in
                    context.attachment(ServerLoopState.self)?.connections[id]?.finishMetricsResponse(total, extra: families)
                }
            }
        }
    }
}

/// A start-up failure explained in words an operator can act on.
package struct ServerStartError: Error, CustomStringConvertible {
    package let message: String
    package var description: String { message }
}
