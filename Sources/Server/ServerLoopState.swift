// What the HTTP server keeps on each loop: its listener, its connections, its counters, its drain.
#if canImport(Glibc)
import Glibc
#endif
import HTTP
import Logging
import Posix
import Reactor
import WebSocket
import WebSocketIO

/// The server's per-loop state, attached to the loop's context. Loop-confined.
final class ServerLoopState {
    let context: LoopContext
    let server: HTTPServer
    var listener: Listener?
    var connections: [UInt64: ServerConnection] = [:]
    /// Upgraded connections, so a drain can say goodbye (1001) and wait for them.
    var webSockets: [ObjectIdentifier: WebSocketConnection] = [:]
    private var nextConnectionID: UInt64 = 1
    /// This loop's counters; bytes of live connections are added when a snapshot is taken.
    var metrics = HTTPCounters()
    private(set) var draining = false
    private var drainTimer: LoopTimer?
    private var drainFinished = false
    private var cachedDate = (second: -1, text: "")
    /// Resolved static files of this loop (nil when the server serves none).
    lazy var staticFiles: StaticFileCache? = server.staticFiles.map(StaticFileCache.init)

    init(context: LoopContext, server: HTTPServer) {
        self.context = context
        self.server = server
    }

    var configuration: ServerConfiguration { server.configuration }
    var logger: Logger { server.configuration.logger }

    /// The `Date` field value, formatted at most once per second per loop.
    var date: String {
        let second = time(nil)
        if second != cachedDate.second { cachedDate = (second, HTTPDate.format(second)) }
        return cachedDate.text
    }

    // MARK: Connections

    func accept(descriptor: Int32, peer: SocketAddress) {
        if draining {
            Glibc.close(descriptor)
            return
        }
        let tcp: TCPConnection
        do {
            tcp = try TCPConnection(context: context, descriptor: descriptor, peer: peer)
        } catch {
            Glibc.close(descriptor)
            logger.warning("could not register an accepted connection", metadata: ["error": "\(error)"])
            return
        }
        let id = nextConnectionID
        nextConnectionID += 1
        let connection = ServerConnection(id: id, tcp: tcp, state: self)
        connections[id] = connection
        metrics.connectionsAccepted += 1
        metrics.connectionsOpen += 1
    }

    func connectionClosed(_ connection: ServerConnection) {
        guard connections.removeValue(forKey: connection.id) != nil else { return }
        metrics.connectionsOpen -= 1
        if !connection.upgraded {
            // Still HTTP: its bytes end here (an upgraded stream's bytes are counted when it closes).
            metrics.bytesRead += connection.tcp.bytesRead
            metrics.bytesWritten += connection.tcp.bytesWritten
        }
        if draining && isIdle { finishDrain() }
    }

    /// The HTTP connection became a WebSocket: track it under its new identity.
    func connectionUpgraded(_ connection: ServerConnection, to webSocket: WebSocketConnection) {
        connectionClosed(connection)
        metrics.webSocketUpgrades += 1
        metrics.webSocketsOpen += 1
        webSockets[ObjectIdentifier(webSocket)] = webSocket
        webSocket.onClose = { [unowned self] closed in
            webSockets[ObjectIdentifier(closed)] = nil
            metrics.webSocketsOpen -= 1
            metrics.bytesRead += closed.stream.bytesTransferred.read
            metrics.bytesWritten += closed.stream.bytesTransferred.written
            if draining && isIdle { finishDrain() }
        }
        if draining && !configuration.webSocketsFinishOnDrain {
            webSocket.close(code: .goingAway, reason: "server shutting down")
        }
    }

    var isIdle: Bool { connections.isEmpty && webSockets.isEmpty }

    func snapshot() -> HTTPCounters {
        var snapshot = metrics
        for connection in connections.values {
            snapshot.bytesRead += connection.tcp.bytesRead
            snapshot.bytesWritten += connection.tcp.bytesWritten
        }
        for webSocket in webSockets.values {
            snapshot.bytesRead += webSocket.stream.bytesTransferred.read
            snapshot.bytesWritten += webSocket.stream.bytesTransferred.written
        }
        return snapshot
    }

    // MARK: Draining

    /// Stops accepting, closes idle connections, lets in-flight requests finish, and stops the loop
    /// when none remain or after `drainTimeout`, whichever comes first.
    func beginDrain() {
        guard !draining else { return }
        draining = true
        listener?.close()
        for connection in Array(connections.values) { connection.drain() }
        if !configuration.webSocketsFinishOnDrain {
            for webSocket in Array(webSockets.values) { webSocket.close(code: .goingAway, reason: "server shutting down") }
        }
        if isIdle {
            finishDrain()
            return
        }
        let timer = LoopTimer(context: context) { [unowned self] in
            if !connections.isEmpty {
                logger.warning("drain timeout: closing remaining connections",
                               metadata: ["loop": "\(context.loop.index)", "connections": "\(connections.count)"])
            }
            for connection in Array(connections.values) { connection.tcp.close() }
            guard configuration.webSocketsFinishOnDrain, !webSockets.isEmpty else {
                for webSocket in Array(webSockets.values) { webSocket.stream.close(error: nil) }
                return finishDrain()
            }
            // Sessions had their time: say goodbye (1001), give the close handshake a moment, then stop.
            logger.info("drain timeout: closing WebSocket sessions with 1001",
                        metadata: ["loop": "\(context.loop.index)", "sessions": "\(webSockets.count)"])
            for webSocket in Array(webSockets.values) { webSocket.close(code: .goingAway, reason: "server shutting down") }
            let grace = LoopTimer(context: context) { [unowned self] in
                for webSocket in Array(webSockets.values) { webSocket.stream.close(error: nil) }
                finishDrain()
            }
            grace.schedule(after: Nanoseconds.seconds(1))
            drainTimer = grace
        }
        timer.schedule(after: Nanoseconds.seconds(configuration.drainTimeout))
        drainTimer = timer
    }

    private func finishDrain() {
        guard !drainFinished else { return }  // the drain timer's closes also land here
        drainFinished = true
        drainTimer?.cancel()
        drainTimer = nil
        server.loopFinishedDraining(context)
    }
}

@available(*, unavailable, message: "ServerLoopState belongs to one loop thread")
extension ServerLoopState: Sendable {}
