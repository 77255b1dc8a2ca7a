// The relay's way in: our own WebSocket client connector, with the headers the relay sends to Azure.
import JSON
import Logging
import Posix
import Reactor
@testable import Simulator
import Testing
import TestSupport
import WebSocket
import WebSocketIO

/// Collects the text messages a client connection receives.
private final class MessageCollector: WebSocketConnectionDelegate {
    let messages: Recorder<String>
    init(messages: Recorder<String>) { self.messages = messages }

    func webSocket(_ connection: WebSocketConnection, received message: WebSocketMessage) {
        messages.append(String(decoding: message.payload, as: UTF8.self))
    }

    func webSocketClosed(_ connection: WebSocketConnection, code: WebSocketCloseCode, reason: String) {
        messages.append("closed \(code.rawValue)")
    }
}

@Suite struct ConnectorTests {
    @Test func relayStyleClientConnectsAndConverses() throws {
        let simulator = try RealtimeSimulator(logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        #expect(simulator.endpoint == "http://127.0.0.1:\(simulator.port)")
        let group = try LoopGroup(count: 1)
        try group.start { _ in }
        defer { group.stop(); group.join() }
        let handshake = try WebSocketClientHandshake(
            url: "ws://127.0.0.1:\(simulator.port)/openai/v1/realtime?model=gpt-realtime",
            headers: [("api-key", "not-a-real-key"), ("x-ms-client-request-id", "relay-session-1")],
            deflate: PerMessageDeflateConfiguration())
        let address = try SocketAddress.resolve(host: "127.0.0.1", port: simulator.port, passive: false)[0]
        let messages = Recorder<String>()
        group.loops[0].execute { context in
            _ = WebSocketConnector.connect(to: address, handshake: handshake, configuration: .init(), timeout: 5,
                                           context: context) { result in
                guard case .success(let connection) = result else { return messages.append("failed") }
                connection.delegate = MessageCollector(messages: messages)
                connection.send(text: #"{"type":"session.update","session":{"type":"realtime","output_modalities":["text"]}}"#)
                connection.send(text: #"{"type":"response.create"}"#)
            }
        }
        #expect(eventually { messages.values.contains { $0.contains(#""type":"response.done""#) } })
        let types = messages.values.compactMap { try? JSONValue.parse($0)["type"]?.stringValue }
        #expect(types.first == "session.created")
        #expect(types.contains("session.updated") && types.contains("response.output_text.delta"))
        simulator.stop()
        #expect(eventually { messages.values.contains { $0.hasPrefix("closed") } })
    }
}
