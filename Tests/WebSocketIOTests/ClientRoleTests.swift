// The client role against our own server over real sockets: echo with deflate, close handshake, failures.
import Posix
import Reactor
import Testing
import TestSupport
import WebSocket
import WebSocketIO

/// Records what a client connection hears, for assertions on the test thread.
final class ClientRecorder: WebSocketConnectionDelegate {
    let messages: Recorder<[UInt8]>
    let events: Recorder<String>

    init(messages: Recorder<[UInt8]>, events: Recorder<String>) {
        self.messages = messages
        self.events = events
    }

    func webSocket(_ connection: WebSocketConnection, received message: WebSocketMessage) {
        messages.append(Array(message.payload))
        events.append(message.wasCompressed ? "compressed" : "plain")
    }

    func webSocketClosed(_ connection: WebSocketConnection, code: WebSocketCloseCode, reason: String) {
        events.append("closed \(code.rawValue)")
    }
}

@Suite struct ClientRoleTests {
    /// Connects a client on its own loop; `opened` runs on that loop with the connection.
    private func connect(port: Int, path: String, deflate: PerMessageDeflateConfiguration = .disabled,
                         group: LoopGroup, events: Recorder<String>, messages: Recorder<[UInt8]>,
                         opened: @escaping @Sendable (WebSocketConnection) -> Void = { _ in }) throws {
        let handshake = try WebSocketClientHandshake(url: "ws://127.0.0.1:\(port)\(path)", deflate: deflate)
        let address = try SocketAddress.resolve(host: "127.0.0.1", port: port, passive: false)[0]
        group.loops[0].execute { context in
            WebSocketConnector.connect(to: address, handshake: handshake, configuration: .init(), timeout: 5,
                                       context: context) { result in
                switch result {
                case .success(let connection):
                    events.append("open")
                    connection.delegate = ClientRecorder(messages: messages, events: events)
                    opened(connection)
                case .failure(let error):
                    events.append("failed: \(error)")
                }
            }
        }
    }

    @Test func clientEchoesThroughOurServerWithDeflate() throws {
        let server = try WebSocketTestServer()
        let group = try LoopGroup(count: 1)
        try group.start { _ in }
        defer { group.stop(); group.join() }
        let events = Recorder<String>(), messages = Recorder<[UInt8]>()
        let message = String(repeating: "realtime relay ", count: 7000)  // ~100 KB, compressible
        try connect(port: server.port, path: "/ws", deflate: PerMessageDeflateConfiguration(), group: group,
                    events: events, messages: messages) { connection in
            connection.send(text: message)
            connection.send(.binary, payload: UnsafeRawBufferPointer(start: nil, count: 0))
        }
        #expect(eventually { messages.values.count == 2 })
        #expect(messages.values.first.map { String(decoding: $0, as: UTF8.self) } == message)
        #expect(messages.values.last == [])
        #expect(events.values.contains("compressed"))
    }

    @Test func clientStartsTheCloseHandshake() throws {
        let server = try WebSocketTestServer()
        let group = try LoopGroup(count: 1)
        try group.start { _ in }
        defer { group.stop(); group.join() }
        let events = Recorder<String>(), messages = Recorder<[UInt8]>()
        try connect(port: server.port, path: "/ws", group: group, events: events, messages: messages) { connection in
            connection.close(code: .normalClosure, reason: "done")
        }
        #expect(eventually { events.values.contains("closed 1000") })
    }

    @Test func non101AnswerBecomesAnErrorWithStatusAndBody() throws {
        let server = try WebSocketTestServer()
        let group = try LoopGroup(count: 1)
        try group.start { _ in }
        defer { group.stop(); group.join() }
        let events = Recorder<String>(), messages = Recorder<[UInt8]>()
        try connect(port: server.port, path: "/forbidden", group: group, events: events, messages: messages)
        #expect(eventually { events.values.contains { $0.hasPrefix("failed") } })
        let failure = events.values.first { $0.hasPrefix("failed") } ?? ""
        #expect(failure.contains("403"))
        #expect(failure.contains("origin not allowed"))
    }

    @Test func refusedTCPConnectionIsReported() throws {
        let probe = try Socket.listen(on: SocketAddress.resolve(host: "127.0.0.1", port: 0)[0], reusePort: false)
        let port = try Socket.localAddress(of: probe).port
        _ = closeDescriptor(probe)
        let group = try LoopGroup(count: 1)
        try group.start { _ in }
        defer { group.stop(); group.join() }
        let events = Recorder<String>(), messages = Recorder<[UInt8]>()
        try connect(port: port, path: "/ws", group: group, events: events, messages: messages)
        #expect(eventually { events.values.contains { $0.hasPrefix("failed") } })
        #expect(events.values.contains { $0.contains("Connection refused") })
    }
}

#if canImport(Glibc)
import Glibc
func closeDescriptor(_ fd: Int32) -> Int32 { close(fd) }
#endif
